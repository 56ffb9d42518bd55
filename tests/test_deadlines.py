"""The wording of deadlines and event times: pure functions, London time, calendar days."""

from datetime import UTC, datetime

import pytest

from hub.deadlines import (
    CLOSED,
    CLOSING_SOON_STATUS,
    LONDON,
    OPEN,
    deadline_status,
    describe_deadline,
    describe_event_time,
    format_time,
)


def at(*args):
    return datetime(*args, tzinfo=LONDON)


NOW = at(2026, 11, 30, 9, 0)


@pytest.mark.parametrize(
    ("deadline", "wording"),
    [
        (at(2026, 12, 3, 17, 0), "Closes 5pm, Thursday 3 December 2026 (in 3 days)"),
        (at(2026, 12, 1, 10, 30), "Closes 10:30am, Tuesday 1 December 2026 (tomorrow)"),
        (at(2026, 11, 30, 23, 59), "Closes 11:59pm, Monday 30 November 2026 (today)"),
        # Midnight is the end of the day before, as people say it.
        (at(2026, 12, 1, 0, 0), "Closes midnight at the end of Monday 30 November 2026 (tonight)"),
        (at(2026, 12, 2, 0, 0), "Closes midnight at the end of Tuesday 1 December 2026 (tomorrow)"),
        (
            at(2026, 12, 4, 0, 0),
            "Closes midnight at the end of Thursday 3 December 2026 (in 3 days)",
        ),
        (at(2026, 12, 4, 12, 0), "Closes midday, Friday 4 December 2026 (in 4 days)"),
    ],
)
def test_open_deadline_wording(deadline, wording):
    assert describe_deadline(deadline, now=NOW) == wording


def test_past_and_current_deadlines_are_closed():
    assert describe_deadline(at(2026, 11, 30, 8, 59), now=NOW) == "Closed"
    assert describe_deadline(NOW, now=NOW) == "Closed"


def test_day_counts_follow_london_dates_not_24_hour_blocks():
    late_evening = at(2026, 11, 30, 22, 0)
    # Eleven hours away, but on tomorrow's date in London.
    assert describe_deadline(at(2026, 12, 1, 9, 0), now=late_evening).endswith("(tomorrow)")


def test_deadline_across_the_clock_change_counts_calendar_days():
    # BST ends at 2am on Sunday 25 October 2026; the deadline is on the Monday, in GMT.
    now = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)  # 1pm BST on Saturday
    deadline = datetime(2026, 10, 26, 17, 0, tzinfo=UTC)  # 5pm GMT on Monday
    assert describe_deadline(deadline, now=now) == (
        "Closes 5pm, Monday 26 October 2026 (in 2 days)"
    )


def test_times_in_utc_are_shown_in_london_summer_time():
    # 16:00 UTC in July is 5pm BST.
    deadline = datetime(2026, 7, 9, 16, 0, tzinfo=UTC)
    now = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    assert describe_deadline(deadline, now=now) == "Closes 5pm, Thursday 9 July 2026 (in 8 days)"


def test_an_event_on_one_day():
    assert (
        describe_event_time(at(2026, 12, 9, 10, 0), at(2026, 12, 9, 11, 30))
        == "Wednesday 9 December 2026, 10am to 11:30am"
    )


def test_an_event_spanning_days_names_both_dates():
    assert (
        describe_event_time(at(2026, 12, 9, 18, 0), at(2026, 12, 10, 16, 0))
        == "Wednesday 9 December 2026, 6pm to Thursday 10 December 2026, 4pm"
    )


def test_an_event_ending_at_midnight_ends_on_its_own_day():
    assert (
        describe_event_time(at(2026, 12, 9, 19, 0), at(2026, 12, 10, 0, 0))
        == "Wednesday 9 December 2026, 7pm to midnight"
    )
    assert describe_event_time(at(2026, 12, 9, 19, 0), at(2026, 12, 11, 0, 0)) == (
        "Wednesday 9 December 2026, 7pm to midnight at the end of Thursday 10 December 2026"
    )


def test_a_midnight_deadline_across_the_clock_change():
    # Midnight GMT at the start of Monday 26 October 2026 ends Sunday, the day BST ended.
    now = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    deadline = datetime(2026, 10, 26, 0, 0, tzinfo=UTC)
    assert describe_deadline(deadline, now=now) == (
        "Closes midnight at the end of Sunday 25 October 2026 (tomorrow)"
    )


def test_an_event_without_an_end():
    assert describe_event_time(at(2026, 12, 9, 10, 0)) == "Wednesday 9 December 2026, 10am"


def test_an_event_across_the_clock_change_keeps_local_times():
    start = datetime(2026, 10, 24, 23, 0, tzinfo=UTC)  # midnight BST
    end = datetime(2026, 10, 25, 3, 0, tzinfo=UTC)  # 3am GMT
    assert describe_event_time(start, end) == "Sunday 25 October 2026, midnight to 3am"


@pytest.mark.parametrize(
    ("hour", "minute", "wording"),
    [(0, 0, "midnight"), (9, 0, "9am"), (9, 5, "9:05am"), (12, 0, "midday"), (12, 30, "12:30pm")],
)
def test_time_wording(hour, minute, wording):
    assert format_time(at(2026, 1, 1, hour, minute)) == wording


def test_status_open_closing_soon_closed():
    assert deadline_status(None, now=NOW) is None
    assert deadline_status(at(2026, 11, 30, 8, 0), now=NOW) == CLOSED
    assert deadline_status(at(2026, 12, 14, 9, 0), now=NOW) == CLOSING_SOON_STATUS
    assert deadline_status(at(2026, 12, 14, 9, 1), now=NOW) == OPEN
