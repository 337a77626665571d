// The scoring form's running total: the same sum as procurement.services.weighted_score
// (points × weight × 10 ÷ total weight, two decimals), updated as the expert types.
(function () {
  "use strict";
  var form = document.querySelector("form[data-rubric]");
  var output = document.getElementById("running-total");
  if (!form || !output) {
    return;
  }
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.rubric-score"));
  function update() {
    var totalWeight = 0;
    var points = 0;
    var filled = 0;
    inputs.forEach(function (input) {
      var weight = Number(input.getAttribute("data-weight")) || 0;
      totalWeight += weight;
      if (input.value === "") {
        return;
      }
      var score = Math.min(10, Math.max(0, Number(input.value)));
      if (!isNaN(score)) {
        points += score * weight;
        filled += 1;
      }
    });
    output.textContent = filled && totalWeight ? ((points * 10) / totalWeight).toFixed(2) : output.getAttribute("data-empty");
  }
  inputs.forEach(function (input) {
    input.addEventListener("input", update);
  });
  update();
})();
