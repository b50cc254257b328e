// Fill the hidden position fields of a problem report from the phone's location, when allowed.
(function () {
  if (!navigator.geolocation) return;
  document.querySelectorAll("form.fac-problem, form.fac-items").forEach(function (form) {
    form.addEventListener("focusin", function once() {
      form.removeEventListener("focusin", once);
      navigator.geolocation.getCurrentPosition(function (pos) {
        var lat = form.querySelector("input[name$='-lat']"), lon = form.querySelector("input[name$='-lon']");
        if (lat && lon) { lat.value = pos.coords.latitude.toFixed(6); lon.value = pos.coords.longitude.toFixed(6); }
      });
    });
  });
})();
