// The running total of a reviewer's scores as they type them.
(function () {
  var form = document.querySelector("[data-testid=score-form]");
  if (!form) return;
  var out = document.getElementById("score-total");
  function sum() {
    var total = 0;
    form.querySelectorAll("input[name^=criterion_]").forEach(function (input) {
      total += parseInt(input.value || "0", 10) || 0;
    });
    out.textContent = total;
  }
  form.addEventListener("input", sum);
  sum();
})();
