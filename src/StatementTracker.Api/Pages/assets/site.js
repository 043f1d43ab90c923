// StatementTracker pages work without this file. With script on, it adds a "Copy" button beside each text made to be
// copied (a citation, an embed snippet) and says when the copy is done. Nothing here is needed to read a page.
(function () {
  "use strict";
  function copy(text, area) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    area.focus();
    area.select();
    return new Promise(function (resolve, reject) {
      try { document.execCommand("copy") ? resolve() : reject(new Error("copy refused")); } catch (e) { reject(e); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var areas = document.querySelectorAll("textarea[data-copy]");
    Array.prototype.forEach.call(areas, function (area) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = area.getAttribute("data-copy");
      var status = document.createElement("p");
      status.className = "copy-status";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        copy(area.value, area).then(function () { status.textContent = "Copied."; },
          function () { status.textContent = "Could not copy: select the text and copy it yourself."; });
      });
      area.insertAdjacentElement("afterend", status);
      area.insertAdjacentElement("afterend", button);
    });
  });
})();
