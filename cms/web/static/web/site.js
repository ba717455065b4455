// The only script of the public site, and nothing depends on it: it shows the print button,
// which needs window.print(). Everything else works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".print-button").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () { window.print(); });
    });
});
