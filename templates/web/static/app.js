// reportgen serve: the little the pages need from scripts. Every page also works without them.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form")) {
    form.addEventListener("submit", (event) => {
      // Replacing a year already held asks first.
      const force = form.querySelector("#report-force");
      if (force && force.checked && !window.confirm("确定要替换历史库中已有的年份吗？原文件会备份。")) {
        event.preventDefault();
        return;
      }
      // A form that takes a while (reading a report, drafting, comparing) says so and is not sent twice.
      const busy = form.getAttribute("data-busy");
      const button = form.querySelector("button[type=submit]");
      if (busy && button) {
        button.classList.add("busy");
        button.setAttribute("data-busy", busy);
        window.setTimeout(() => { button.disabled = true; }, 0);
      }
    });
  }
});
