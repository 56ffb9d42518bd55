// "Copy link" in the share block (templates/components/share_links.html). Without this script
// it is a plain link to the page's address. With it, and where the browser lets pages write to
// the clipboard, the link becomes a button that copies the address and says so, visibly and
// to screen readers, in the block's status line.
(function () {
  "use strict";

  function say(status, message) {
    // Emptying the live region first makes screen readers announce a repeated message again.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 100);
  }

  function enhance(link) {
    var block = link.closest(".share-links");
    var status = block && block.querySelector(".share-links__status");
    if (!status) {
      return;
    }
    var address = link.href;
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(address).then(
        function () {
          say(status, "Link copied: " + address);
        },
        function () {
          say(status, "Your browser did not let us copy the link. The address is " + address);
        }
      );
    });
    link.replaceWith(button);
  }

  function init() {
    // The clipboard is only offered to pages served over HTTPS (or from this computer).
    if (!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    document.querySelectorAll("a[data-copy-link]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
