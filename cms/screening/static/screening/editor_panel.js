/*
 * 信息筛查 side panel in the page editor: while an item is edited, its form is sent to
 * the screening endpoint every couple of seconds when it changed, and the hits are shown in a
 * side panel next to Wagtail's own (status, preview, checks, comments). While the worker reads
 * the text inside pictures (识别中), the panel asks again until the result is in.
 *
 * Wagtail 8.0 has no hook for page-editor side panels, but wires every [data-side-panel] and
 * [data-side-panel-toggle] present on DOMContentLoaded. The panel is therefore added on
 * readystatechange "interactive", which the browser fires just before DOMContentLoaded.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var checkUrl = script && script.getAttribute("data-xiuying-screening-url");
  var NAME = "xiuying-screening";
  var INTERVAL_MS = 2000;
  var form, content, counter, toggle, panel, timer, lastSent, busy;

  function toggleButton() {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "w-side-panel-toggle";
    button.setAttribute("aria-label", "信息筛查");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("data-side-panel-toggle", NAME);
    button.setAttribute("data-controller", "w-tooltip");
    button.setAttribute("data-w-tooltip-content-value", "信息筛查");
    button.setAttribute("data-w-tooltip-offset-value", "[0, 0]");
    button.innerHTML =
      '<svg class="icon icon-warning w-side-panel-toggle__icon" aria-hidden="true">' +
      '<use href="#icon-warning"></use></svg>' +
      '<div data-side-panel-toggle-counter class="w-side-panel-toggle__counter ' +
      'w-bg-surface-button-default" hidden></div>';
    counter = button.querySelector("[data-side-panel-toggle-counter]");
    toggle = button;
    return button;
  }

  function sidePanel() {
    var element = document.createElement("div");
    element.className = "form-side__panel";
    element.setAttribute("data-side-panel", NAME);
    element.hidden = true;
    element.innerHTML =
      '<h2 id="side-panel-' + NAME + '-title" class="w-sr-only">信息筛查</h2>' +
      '<div data-xiuying-screening-panel><p class="w-p-6">正在检查…</p></div>';
    content = element.querySelector("[data-xiuying-screening-panel]");
    return element;
  }

  function inject() {
    form = document.querySelector("form[data-edit-form]");
    var side = document.querySelector("[data-form-side]");
    var toggles = document.querySelectorAll("[data-side-panel-toggle]");
    if (!checkUrl || !form || !side || !toggles.length) {
      return false;
    }
    var last = toggles[toggles.length - 1];
    last.parentNode.insertBefore(toggleButton(), last.nextSibling);
    panel = sidePanel();
    side.appendChild(panel);
    return true;
  }

  // Other editors (snippets, other page types) get no panel; the endpoint says which apply.
  function remove() {
    window.clearInterval(timer);
    toggle.remove();
    panel.remove();
  }

  function show(data) {
    content.innerHTML = data.html;
    counter.textContent = String(data.count);
    counter.hidden = !data.count;
    counter.classList.toggle("w-bg-critical-200", data.blocks);
    counter.classList.toggle("w-bg-surface-button-default", !data.blocks);
  }

  function check() {
    var body = new FormData(form);
    var key = new URLSearchParams(body).toString();
    if (busy || key === lastSent) {
      return;
    }
    busy = true;
    var target = encodeURIComponent(form.getAttribute("action"));
    fetch(checkUrl + "?target=" + target, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.status === 403 || type.indexOf("application/json") !== 0) {
          return { applicable: false };
        }
        if (!response.ok) {
          throw new Error("screening check failed: " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (!data.applicable) {
          remove();
          return;
        }
        if (data.pending) {
          return;
        }
        // While pictures are being read (识别中), ask again with the same form.
        lastSent = data.reading ? null : key;
        show(data);
      })
      .catch(function (error) {
        window.console.warn(error);
      })
      .then(function () {
        busy = false;
      });
  }

  document.addEventListener("readystatechange", function () {
    if (document.readyState === "interactive" && inject()) {
      timer = window.setInterval(check, INTERVAL_MS);
    }
    if (document.readyState === "complete" && timer) {
      check();
    }
  });
})();
