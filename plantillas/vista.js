// Vista previa de `informe vista`: cuando el informe cambia, la página se vuelve a cargar sola y vuelve
// al mismo lugar de la lectura. El servidor avisa por Server-Sent Events con el número de la versión.
(function () {
  "use strict";
  var guia = document.currentScript;
  var version = guia ? guia.getAttribute("data-version") : null;
  var clave = "informe-vista-desplazamiento";
  var guardado = sessionStorage.getItem(clave);
  if (guardado !== null) {
    sessionStorage.removeItem(clave);
    window.scrollTo(0, parseFloat(guardado) || 0);
  }
  var eventos = new EventSource("/eventos");
  eventos.onmessage = function (e) {
    if (e.data !== version) {
      sessionStorage.setItem(clave, String(window.scrollY));
      eventos.close();
      window.location.reload();
    }
  };
})();
