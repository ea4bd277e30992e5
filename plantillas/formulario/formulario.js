// El formulario de la JLE. Todo lo que sabe del formato (campos, catálogos, límites, letras, mensajes)
// viene del bloque JSON «datos», generado de las declaraciones de Python (informe/seguridad/formulario_web.py):
// aquí no hay listas propias. No pide nada a la red ni evalúa texto.
(function () {
  "use strict";

  var D = JSON.parse(document.getElementById("datos").textContent);
  var principal = document.getElementById("principal");
  var CAMPOS = {};  // nombre de sección → su campo declarado
  D.campos.campos.forEach(function (c) { CAMPOS[c.nombre] = c; });
  var LISTAS = {};  // cada lista declarada, a cualquier profundidad (reuniones, temas…)
  (function recorrer(c) {
    if (c.tipo === "lista") { LISTAS[c.nombre] = c; }
    c.campos.forEach(recorrer);
  })(D.campos);
  var CATALOGOS = D.catalogos;
  var siguienteId = 0;
  var tocados = new Set();
  var intentoGuardar = false;
  var modificado = false;

  // ------------------------------------------------------------------ utilidades

  function el(etiqueta, atributos, hijos) {
    var nodo = document.createElement(etiqueta);
    Object.keys(atributos || {}).forEach(function (k) {
      var v = atributos[k];
      if (v === null || v === undefined || v === false) { return; }
      if (k === "texto") { nodo.textContent = v; } else { nodo.setAttribute(k, v === true ? "" : v); }
    });
    (hijos || []).forEach(function (h) { if (h) { nodo.appendChild(h); } });
    return nodo;
  }

  function nuevoId(prefijo) { siguienteId += 1; return prefijo + "-" + siguienteId; }

  function mensaje(codigo, valores) {
    var texto = D.mensajes[codigo];
    Object.keys(valores || {}).forEach(function (k) { texto = texto.split("{" + k + "}").join(valores[k]); });
    return texto;
  }

  // la misma clave de comparación que `lengua.normalizar`: sin acentos, sin mayúsculas, espacios simples
  function normalizar(texto) {
    return String(texto).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\./g, " ").split(/\s+/).filter(Boolean).join(" ");
  }

  function canonico(tipo, texto) {
    var cat = CATALOGOS[tipo];
    // solo las claves propias: «__proto__» o «constructor» en un archivo no son un valor del catálogo
    var clave = normalizar(texto);
    return cat && Object.prototype.hasOwnProperty.call(cat.alias, clave) ? cat.alias[clave] : null;
  }

  // un valor citado en un aviso: entero si es corto, si no, su principio (un archivo trae textos de megabytes)
  function corto(v) {
    var texto = typeof v === "string" ? v : (Array.isArray(v) ? "una lista" : "un mapa");
    var letras = Array.from(texto.slice(0, 200));
    return letras.length > 60 ? letras.slice(0, 60).join("") + "…" : texto;
  }

  function conMiles(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  var rango = D.periodo.en_palabras;

  // ------------------------------------------------------------------ controles de un campo

  function ayudaDe(campo) {
    var texto = campo.ayuda;
    if (CATALOGOS[campo.tipo]) { texto = texto.replace("{opciones}", CATALOGOS[campo.tipo].valores.join(", ")); }
    if (campo.tipo === "fecha") { texto += " El periodo va " + D.periodo.en_palabras + "."; }
    if (campo.maximo !== undefined) {
      texto += campo.tipo === "texto" ? " Hasta " + conMiles(campo.maximo) + " caracteres." :
        " De 0 a " + conMiles(campo.maximo) + ".";
    }
    return texto + (campo.requerido ? " Obligatorio." : "");
  }

  function control(campo, id, seccion) {
    if (campo.tipo === "texto") {
      // el ejemplo de la sección es el de su descripción; un campo declarado con un límite corto (`maximo`,
      // como un nombre) es de una línea
      var ejemplo = campo.nombre === "descripcion" ? D.ejemplos[seccion] : null;
      if (campo.maximo !== undefined && campo.maximo <= 200) { return el("input", {id: id, type: "text"}); }
      return el("textarea", {id: id, rows: "3", placeholder: ejemplo ? "Por ejemplo: " + ejemplo : null});
    }
    if (campo.tipo === "fecha" || campo.tipo === "fecha-o-null") {
      // el calendario ofrece los días del periodo; una fecha anterior se puede escribir (validar la toma como
      // reporte tardío, con aviso). La instalación de la mesa no tiene inicio: puede ser de cualquier periodo anterior.
      return el("input", {id: id, type: "date", max: D.periodo.fin, min: campo.tipo === "fecha" ? D.periodo.inicio : null});
    }
    if (campo.tipo === "entero") {
      return el("input", {id: id, type: "number", min: "0", step: "1", inputmode: "numeric"});
    }
    if (CATALOGOS[campo.tipo]) {
      var opciones = [el("option", {value: "", texto: "Elija una opción"})];
      CATALOGOS[campo.tipo].valores.forEach(function (v) { opciones.push(el("option", {value: v, texto: v})); });
      return el("select", {id: id}, opciones);
    }
    return null;
  }

  // Un campo con su etiqueta visible (su nombre accesible), su ayuda y el lugar de su mensaje.
  function envolver(campo, seccion, valor, propio) {
    var id = propio || nuevoId(campo.nombre);
    var entrada = control(campo, id, seccion);
    entrada.dataset.campo = campo.nombre;
    entrada.dataset.tipo = campo.tipo;
    if (campo.requerido) { entrada.setAttribute("aria-required", "true"); }
    var ayuda = el("p", {id: id + "-ayuda", "class": "ayuda", texto: ayudaDe(campo)});
    var error = el("p", {id: id + "-error", "class": "mensaje", hidden: true});
    entrada.setAttribute("aria-describedby", ayuda.id + (entrada.type === "date" ? " " + id + "-palabras" : ""));
    if (valor !== undefined && valor !== null) { entrada.value = valor; }
    // la fecha elegida, en palabras: el calendario del navegador puede mostrarla como mes/día
    var enPalabras = entrada.type === "date" ? el("span", {id: id + "-palabras", "class": "en-palabras"}) : null;
    return el("div", {"class": "campo campo-" + campo.tipo}, [
      el("label", {"for": id, texto: campo.etiqueta}), ayuda, entrada, enPalabras, error]);
  }

  // ------------------------------------------------------------------ secciones con elementos

  function renumerar(lista) {
    var nombre = D.secciones[lista.dataset.seccion].elemento;
    Array.prototype.forEach.call(lista.children, function (item, i) {
      item.querySelector(":scope > legend").textContent = nombre + " " + (i + 1);
      item.querySelector(":scope > .quitar").textContent = "Quitar " + nombre.toLowerCase() + " " + (i + 1);
    });
  }

  function agregarElemento(lista, campoLista, valores, enfocar) {
    var seccion = lista.dataset.seccion;
    var item = el("fieldset", {"class": "elemento"}, [el("legend")]);
    campoLista.campos.forEach(function (h) {
      if (!h.sugerir || !h.etiqueta) { return; }
      if (h.tipo === "lista") {
        item.appendChild(seccionDeLista(h, (valores || {})[h.nombre] || [], false));
      } else {
        item.appendChild(envolver(h, seccion, (valores || {})[h.nombre]));
      }
    });
    var quitar = el("button", {type: "button", "class": "quitar secundario"});
    quitar.addEventListener("click", function () {
      var boton = lista.parentNode.querySelector(":scope > .agregar");
      item.remove();
      renumerar(lista);
      cambio();
      boton.focus();
    });
    item.appendChild(quitar);
    lista.appendChild(item);
    renumerar(lista);
    if (enfocar) { item.querySelector("input, select, textarea").focus(); }
    return item;
  }

  // Una lista del archivo (reuniones, temas, acuerdos, medidas): sus elementos y el botón que agrega uno.
  // Las de primer nivel piden además una respuesta explícita: hubo o no hubo.
  function seccionDeLista(campo, elementos, conRespuesta) {
    var s = D.secciones[campo.nombre];
    var titulo = el(conRespuesta ? "h2" : "h3", {id: nuevoId("titulo"), texto: s.titulo});
    var contenedor = el(conRespuesta ? "section" : "div", {"class": conRespuesta ? "seccion" : "subseccion",
      "aria-labelledby": titulo.id}, [titulo]);
    contenedor.dataset.seccion = campo.nombre;
    contenedor.appendChild(el("p", {"class": "ayuda", texto: s.ayuda || campo.ayuda}));
    if (conRespuesta) { contenedor.appendChild(respuesta(campo.nombre, s)); }
    var lista = el("div", {"class": "lista"});
    lista.dataset.seccion = campo.nombre;
    contenedor.appendChild(lista);
    var agregar = el("button", {type: "button", "class": "agregar", texto: s.agregar});
    agregar.addEventListener("click", function () {
      if (conRespuesta) { elegir(campo.nombre, "si"); }
      agregarElemento(lista, campo, {}, true);
      cambio();
    });
    contenedor.appendChild(agregar);
    (elementos || []).forEach(function (v) { agregarElemento(lista, campo, v, false); });
    return contenedor;
  }

  function respuesta(nombre, s) {
    var grupo = el("fieldset", {"class": "respuesta", id: "respuesta-" + nombre},
      [el("legend", {texto: "¿Qué responde la JLE?"})]);
    [["si", s.alguno], ["no", s.ninguno]].forEach(function (par) {
      var id = "respuesta-" + nombre + "-" + par[0];
      var radio = el("input", {type: "radio", name: "respuesta-" + nombre, id: id, value: par[0]});
      grupo.appendChild(el("div", {"class": "opcion"}, [radio, el("label", {"for": id, texto: par[1]})]));
    });
    grupo.appendChild(el("p", {id: "respuesta-" + nombre + "-error", "class": "mensaje", hidden: true}));
    return grupo;
  }

  function elegir(nombre, valor) {
    var radio = document.getElementById("respuesta-" + nombre + "-" + valor);
    if (radio) { radio.checked = true; }
  }

  function elegido(nombre) {
    var marcado = document.querySelector("input[name='respuesta-" + nombre + "']:checked");
    return marcado ? marcado.value : null;
  }

  // ------------------------------------------------------------------ mesa y seguimiento

  function seccionMesa() {
    var campo = CAMPOS.mesa.campos[0];
    var titulo = el("h2", {id: "titulo-mesa", texto: CAMPOS.mesa.etiqueta});
    var s = el("section", {"class": "seccion", "aria-labelledby": titulo.id}, [titulo,
      el("p", {"class": "ayuda", texto: CAMPOS.mesa.ayuda})]);
    var antes = D.mesa === null ? "Ningún informe anterior registra la incorporación." :
      (D.mesa === "" ? "En el informe anterior: aún no incorporada." :
        "Reportada en un informe anterior: incorporada el " + fechaEnPalabras(D.mesa) + ".");
    s.appendChild(el("p", {texto: antes}));
    var grupo = el("fieldset", {"class": "respuesta", id: "respuesta-mesa"}, [el("legend", {texto: "¿La JLE ya se incorporó?"})]);
    [["si", "Sí, ya se incorporó"], ["no", "Aún no se incorpora"]].forEach(function (par) {
      var id = "respuesta-mesa-" + par[0];
      grupo.appendChild(el("div", {"class": "opcion"}, [
        el("input", {type: "radio", name: "respuesta-mesa", id: id, value: par[0]}),
        el("label", {"for": id, texto: par[1]})]));
    });
    grupo.appendChild(el("p", {id: "respuesta-mesa-error", "class": "mensaje", hidden: true}));
    s.appendChild(grupo);
    var fecha = envolver({nombre: campo.nombre, tipo: "fecha-o-null", etiqueta: campo.etiqueta,
      ayuda: "La fecha en que la JLE se incorporó (no puede ser posterior al " + fechaEnPalabras(D.periodo.fin) + ").",
      requerido: false}, "mesa", D.mesa || null, "mesa-instalada");
    s.appendChild(fecha);
    principal.appendChild(s);
    if (D.mesa) { elegir("mesa", "si"); } else if (D.mesa === "") { elegir("mesa", "no"); }
  }

  function seccionSeguimiento() {
    var s = D.secciones.seguimiento;
    var titulo = el("h2", {id: "titulo-seguimiento", texto: s.titulo});
    var sec = el("section", {"class": "seccion", "aria-labelledby": titulo.id}, [titulo]);
    if (!D.seguimiento.length) {
      sec.appendChild(el("p", {texto: "No hay acuerdos de informes anteriores abiertos."}));
    } else {
      sec.appendChild(el("p", {"class": "ayuda", texto: "Cambie solo el estatus de los que avanzaron; deje los demás como están."}));
    }
    var campo = CAMPOS.seguimiento.campos.filter(function (c) { return c.nombre === "estatus"; })[0];
    D.seguimiento.forEach(function (a, i) {
      var item = el("fieldset", {"class": "elemento seguimiento"}, [
        el("legend", {texto: s.elemento + " " + a.id}),
        el("p", {"class": "texto-acuerdo", texto: a.descripcion}),
        el("p", {"class": "ayuda", texto: a.estatus ? "Estatus vigente: " + a.estatus + "." : "Sin estatus reportado."})]);
      // el estatus vigente ya está elegido: solo se cambia si avanzó (sin estatus previo, puede quedar sin elegir)
      var envuelto = envolver(Object.assign({}, campo, {requerido: false}), "seguimiento", a.estatus || "");
      var select = envuelto.querySelector("select");
      select.dataset.acuerdo = a.id;
      select.dataset.antes = a.estatus || "";
      item.appendChild(envuelto);
      item.dataset.indice = String(i);
      sec.appendChild(item);
    });
    principal.appendChild(sec);
  }

  // ------------------------------------------------------------------ revisión (las reglas de validar)

  var GLIFOS = D.glifos;

  function sinGlifo(texto) {
    for (var i = 0; i < texto.length; i++) {
      var cp = texto.codePointAt(i);
      if (cp > 0xffff) { i++; }
      if (cp === 9 || cp === 10 || cp === 13) { continue; }
      var dentro = false;
      for (var j = 0; j < GLIFOS.length; j++) {
        if (cp >= GLIFOS[j][0] && cp <= GLIFOS[j][1]) { dentro = true; break; }
        if (cp < GLIFOS[j][0]) { break; }
      }
      if (!dentro) { return cp; }
    }
    return null;
  }

  // El primer carácter que validar señala como ajeno (texto-escritura), de los que la letra dibuja: qué es, su
  // código y las letras de alrededor, como lo dice validar (lo que no se dibuja ya es texto-sin-glifo).
  function ajeno(texto) {
    var letras = Array.from(texto);
    for (var i = 0; i < letras.length; i++) {
      var cp = letras[i].codePointAt(0);
      for (var j = 0; j < D.ajenos.length && cp >= D.ajenos[j][0]; j++) {
        if (cp <= D.ajenos[j][1]) {
          var contexto = letras.slice(Math.max(0, i - 15), i + 15).join("").replace(/\n/g, " ")
            .replace(/[\p{C}\p{Z}]/gu, imprimible);
          return {motivo: D.ajenos[j][2], u: hex(cp), contexto: contexto};
        }
      }
    }
    return null;
  }

  // como `str.isprintable` en validar: un control, un formato o un espacio que no es el común se muestra «·»
  function imprimible(c) { return c !== " " && /^[\p{C}\p{Z}]$/u.test(c) ? "·" : c; }

  function hex(cp) { var h = cp.toString(16).toUpperCase(); while (h.length < 4) { h = "0" + h; } return "U+" + h; }

  function revisarTexto(entrada, campo, problemas) {
    var valor = entrada.value.trim();
    var largo = Array.from(valor).length;  // en caracteres, como Python (no en unidades de UTF-16)
    if (!valor) {
      if (campo.requerido) { problemas.push([entrada, campo.nombre === "descripcion" ? "descripcion-vacia" : "campo-requerido"]); }
      return;
    }
    var maximo = campo.maximo !== undefined ? campo.maximo : D.limites.texto;
    if (largo > maximo) { problemas.push([entrada, "texto-largo", {n: conMiles(largo), maximo: conMiles(maximo)}]); }
    var cp = sinGlifo(valor);
    if (cp !== null) {
      var visible = imprimible(String.fromCodePoint(cp));
      problemas.push([entrada, "texto-sin-glifo", {c: visible, u: hex(cp)}]);
    }
    var raro = ajeno(valor);
    if (raro) {
      raro.motivo = raro.motivo[0].toUpperCase() + raro.motivo.slice(1);
      problemas.push([entrada, "texto-escritura", raro]);
    }
    if (D.ejemplos.todos.indexOf(valor.split(/\s+/).join(" ")) >= 0) { problemas.push([entrada, "ejemplo-sin-cambiar"]); }
  }

  function revisarFecha(entrada, campo, problemas, soloPosterior) {
    if (entrada.validity.badInput) { problemas.push([entrada, "fecha-invalida"]); return; }
    if (!entrada.value) {
      if (campo.requerido) { problemas.push([entrada, "campo-requerido"]); }
      return;
    }
    if (entrada.value > D.periodo.fin) { problemas.push([entrada, "fecha-posterior", {rango: rango}]); }
    else if (!soloPosterior && entrada.value < D.periodo.inicio) { problemas.push([entrada, "fecha-anterior", {rango: rango}]); }
  }

  function revisarCampo(entrada, campo, problemas) {
    if (campo.tipo === "texto") { revisarTexto(entrada, campo, problemas); return; }
    if (campo.tipo === "fecha") { revisarFecha(entrada, campo, problemas, false); return; }
    if (campo.tipo === "entero") {
      var tope = campo.maximo !== undefined ? campo.maximo : D.limites.entero;
      if (entrada.validity.badInput || (entrada.value && !/^[0-9]+$/.test(entrada.value)) ||
          (entrada.value && Number(entrada.value) > tope)) {
        // el código de validar: el de asistentes para la reunión; para otro entero declarado, el común
        problemas.push(campo.nombre === "asistentes" ? [entrada, "asistentes-invalido"] :
          [entrada, "numero-invalido", {maximo: conMiles(tope)}]);
      } else if (entrada.value === "" && campo.requerido) {
        problemas.push([entrada, "campo-requerido"]);
      } else if (entrada.value !== "" && Number(entrada.value) === 0 && campo.nombre === "asistentes") {
        problemas.push([entrada, "asistentes-cero"]);
      }
      return;
    }
    if (CATALOGOS[campo.tipo] && !entrada.value) {
      if (campo.requerido) { problemas.push([entrada, "campo-requerido"]); }
      else if (campo.tipo === "estatus") { problemas.push([entrada, "estatus-faltante", {sin: CATALOGOS.estatus.sin_estatus}]); }
    }
  }

  function campoDe(seccion, nombre) {
    return LISTAS[seccion].campos.filter(function (c) { return c.nombre === nombre; })[0];
  }

  function revisarSeccion(nombre, problemas) {
    var s = D.secciones[nombre];
    var lista = document.querySelector(".lista[data-seccion='" + nombre + "']");
    var n = lista.children.length;
    var primero = document.getElementById("respuesta-" + nombre + "-si");
    var r = elegido(nombre);
    var valores = {si: s.alguno, no: s.ninguno, n: String(n)};
    if (r === null) { problemas.push([primero, "seccion-sin-respuesta", valores]); }
    else if (r === "si" && n === 0) { problemas.push([primero, "seccion-vacia", valores]); }
    else if (r === "no" && n > 0) { problemas.push([primero, "seccion-contradictoria", valores]); }
  }

  // acuerdo-repetido, como validar: dos acuerdos del periodo con el mismo texto (sin mayúsculas ni espacios)
  function repetidos(problemas) {
    var primeros = {};
    var lista = document.querySelector(".lista[data-seccion='acuerdos']");
    Array.prototype.forEach.call(lista.children, function (item, i) {
      var entrada = item.querySelector(":scope > .campo > [data-campo=descripcion]");
      var clave = entrada.value.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
      if (!clave) { return; }
      if (primeros[clave] !== undefined) { problemas.push([entrada, "acuerdo-repetido", {n: String(primeros[clave])}]); }
      else { primeros[clave] = i + 1; }
    });
  }

  function revisar() {
    var problemas = [];
    if (!modificado) { problemas.push([document.getElementById("respuesta-mesa-si"), "formulario-sin-cambios"]); }
    var mesa = elegido("mesa");
    var fechaMesa = document.getElementById("mesa-instalada");
    if (mesa === null) { problemas.push([document.getElementById("respuesta-mesa-si"), "mesa-sin-contestar"]); }
    if (mesa === "si") { revisarFecha(fechaMesa, {requerido: true}, problemas, true); }
    ["reuniones", "acuerdos", "medidas"].forEach(function (nombre) { revisarSeccion(nombre, problemas); });
    document.querySelectorAll("[data-campo]").forEach(function (entrada) {
      var item = entrada.closest(".lista");
      if (!item) { return; }
      revisarCampo(entrada, campoDe(item.dataset.seccion, entrada.dataset.campo), problemas);
    });
    repetidos(problemas);
    document.querySelectorAll("select[data-acuerdo]").forEach(function (sel) {
      var orden = CATALOGOS.estatus.orden;
      if (sel.value && sel.dataset.antes && orden[sel.value] < orden[sel.dataset.antes]) {
        problemas.push([sel, "estatus-retroceso", {antes: sel.dataset.antes}]);
      }
    });
    var reuniones = document.querySelector(".lista[data-seccion='reuniones']").children.length;
    if (mesa === "no" && reuniones > 0 && elegido("reuniones") !== "no") {
      problemas.push([document.getElementById("respuesta-mesa-no"), "reuniones-sin-mesa"]);
    }
    return problemas.map(function (p) {
      return {entrada: p[0], codigo: p[1], mensaje: mensaje(p[1], p[2]), severidad: D.severidades[p[1]] || "error"};
    });
  }

  // ------------------------------------------------------------------ mostrar los problemas

  function lugarDelMensaje(entrada) {
    if (entrada.type === "radio") { return document.getElementById(entrada.name + "-error"); }
    return document.getElementById(entrada.id + "-error");
  }

  function nombreDe(entrada) {
    var item = entrada.closest("fieldset.elemento");
    var etiqueta = entrada.type === "radio" ? entrada.closest("section").querySelector("h2").textContent :
      document.querySelector("label[for='" + entrada.id + "']").textContent;
    return item ? item.querySelector(":scope > legend").textContent + ", " + etiqueta : etiqueta;
  }

  function mostrar(problemas) {
    actualizarPalabras();
    document.querySelectorAll(".mensaje").forEach(function (m) { m.hidden = true; m.textContent = ""; m.className = "mensaje"; });
    document.querySelectorAll("[aria-invalid]").forEach(function (e) { e.removeAttribute("aria-invalid"); });
    // la fecha en palabras también se lee: el navegador puede mostrar la fecha como mes/día
    document.querySelectorAll("[data-campo]").forEach(function (e) {
      e.setAttribute("aria-describedby", e.id + "-ayuda" + (e.type === "date" ? " " + e.id + "-palabras" : ""));
    });
    document.querySelectorAll("input[type=radio]").forEach(function (e) { e.removeAttribute("aria-describedby"); });
    var fechaMesa = document.getElementById("mesa-instalada");
    fechaMesa.closest(".campo").hidden = elegido("mesa") !== "si";
    problemas.forEach(function (p) {
      // lo de una sección entera se dice al intentar guardar: no antes de que se alcance a agregar un elemento
      var visible = intentoGuardar || (p.entrada.type === "radio" ? p.codigo === "reuniones-sin-mesa" : tocados.has(p.entrada));
      if (!visible || p.codigo === "formulario-sin-cambios") { return; }
      var lugar = lugarDelMensaje(p.entrada);
      if (!lugar) { return; }
      lugar.hidden = false;
      // un error y un aviso del mismo campo: cada uno en su renglón y con su color; el lugar es de error si hay uno
      if (!lugar.classList.contains("error")) { lugar.className = "mensaje " + p.severidad; }
      lugar.appendChild(el("span", {"class": p.severidad, texto: (p.severidad === "error" ? "Error: " : "Aviso: ") + p.mensaje}));
      var destinos = p.entrada.type === "radio" ?
        document.querySelectorAll("input[name='" + p.entrada.name + "']") : [p.entrada];
      Array.prototype.forEach.call(destinos, function (d) {
        if (p.severidad === "error") { d.setAttribute("aria-invalid", "true"); }
        var ids = (d.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (ids.indexOf(lugar.id) < 0) { ids.push(lugar.id); }
        d.setAttribute("aria-describedby", ids.join(" "));
      });
    });
    if (intentoGuardar) { resumir(problemas.filter(function (p) { return p.severidad === "error"; })); }
  }

  var resumen = el("div", {id: "resumen", "class": "resumen", tabindex: "-1", "aria-labelledby": "resumen-titulo", role: "region", hidden: true});

  function resumir(errores) {
    // sin cambios, el resumen no se rehace: salir de un campo lo revisa, y rehacerlo quitaría de debajo del
    // teclado el enlace al que el foco está llegando
    var firma = errores.map(function (p) { return p.entrada.id + " " + nombreDe(p.entrada) + " " + p.mensaje; }).join("\n");
    if (firma === resumen.dataset.firma && !resumen.hidden) { return; }
    resumen.dataset.firma = firma;
    resumen.textContent = "";
    if (!errores.length) { resumen.hidden = true; return; }
    resumen.hidden = false;
    resumen.appendChild(el("h2", {id: "resumen-titulo", texto: errores.length === 1 ?
      "No se guardó: hay 1 problema que corregir" : "No se guardó: hay " + errores.length + " problemas que corregir"}));
    var lista = el("ul");
    errores.forEach(function (p) {
      var enlace = el("a", {href: "#" + p.entrada.id, texto: (p.codigo === "formulario-sin-cambios" ? "" :
        nombreDe(p.entrada) + ": ") + p.mensaje});
      enlace.addEventListener("click", function (evento) {
        evento.preventDefault();
        p.entrada.focus();
        p.entrada.scrollIntoView({block: "center"});
      });
      lista.appendChild(el("li", {"data-codigo": p.codigo}, [enlace]));  // el código de validar, para quien compare
    });
    resumen.appendChild(lista);
  }

  function fechaEnPalabras(valor) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(valor)) { return ""; }
    return Number(valor.slice(8)) + " de " + D.meses[Number(valor.slice(5, 7)) - 1] + " de " + valor.slice(0, 4);
  }

  function actualizarPalabras() {
    document.querySelectorAll("input[type=date]").forEach(function (e) {
      var lugar = document.getElementById(e.id + "-palabras");
      if (lugar) { lugar.textContent = fechaEnPalabras(e.value); }
    });
  }

  function cambio() { modificado = true; mostrar(revisar()); }

  // ------------------------------------------------------------------ guardar: el YAML que recibir lee

  function comillas(texto) {
    var salida = "";
    for (var i = 0; i < texto.length; i++) {
      var c = texto[i];
      var cp = texto.codePointAt(i);
      if (cp > 0xffff) { salida += String.fromCodePoint(cp); i++; continue; }
      if (D.escapes[c] !== undefined) { salida += D.escapes[c]; continue; }
      var imprimible = (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd);
      if (imprimible && cp !== 0xfeff) { salida += c; continue; }
      var h = cp.toString(16).toUpperCase();
      salida += cp <= 0xff ? "\\x" + ("0" + h).slice(-2) : "\\u" + ("000" + h).slice(-4);
    }
    return "\"" + salida + "\"";
  }

  // Un texto con espacios o saltos en los extremos va como bloque «|»: la lectura quita los extremos de un
  // texto entre comillas, no de un bloque, y lo guardado debe ser lo escrito (un bloque abierto de un archivo
  // vuelve igual, con su salto final). Solo si cada carácter puede ir tal cual en un bloque; si no, entre comillas.
  function bloque(texto, sangria) {
    if (texto === texto.trim() || /[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\ud800-\udfff]/.test(texto)) {
      return null;
    }
    var cuerpo = texto.replace(/\n+$/, "");
    var finales = texto.length - cuerpo.length;
    var indicador = "|2" + (finales === 0 ? "-" : (finales === 1 ? "" : "+"));
    var lineas = cuerpo.split("\n").map(function (l) { return l ? sangria + "  " + l : ""; });
    for (var k = 1; k < finales; k++) { lineas.push(""); }
    return indicador + "\n" + lineas.join("\n");
  }

  function escalar(campo, valor, sangria) {
    if (campo.tipo === "fecha" || campo.tipo === "fecha-o-null") { return valor === null ? "null" : valor; }
    if (campo.tipo === "entero") { return String(Number(valor)); }
    return bloque(valor, sangria) || comillas(valor.trim());
  }

  // Las claves en el orden de las declaraciones, como `serializar._claves`: lo no contestado no se escribe,
  // una lista vacía es «[]».
  function yaml(campos, valores, sangria) {
    var lineas = [];
    campos.forEach(function (c) {
      var v = valores[c.nombre];
      if (v === undefined || v === "" || (v === null && c.tipo !== "fecha-o-null")) { return; }
      if (c.tipo === "mapa") {
        lineas.push(sangria + c.nombre + ":");
        lineas = lineas.concat(yaml(c.campos, v, sangria + "  "));
      } else if (c.tipo === "lista") {
        lineas.push(sangria + c.nombre + ":" + (v.length ? "" : " []"));
        v.forEach(function (e) {
          var hijas = yaml(c.campos, e, sangria + "    ");
          hijas[0] = sangria + "  - " + hijas[0].slice(sangria.length + 4);
          lineas = lineas.concat(hijas);
        });
      } else {
        lineas.push(sangria + c.nombre + ": " + escalar(c, v, sangria));
      }
    });
    return lineas;
  }

  function valoresDe(item) {
    var v = {};
    item.querySelectorAll(":scope > .campo > [data-campo]").forEach(function (e) {
      // un texto se guarda como se escribió; solo en blanco cuenta como no contestado
      var valor = e.dataset.tipo === "texto" && !e.value.trim() ? "" : e.value;
      if (valor !== "") { v[e.dataset.campo] = valor; }
    });
    item.querySelectorAll(":scope > .subseccion").forEach(function (sub) {
      var elementos = Array.prototype.map.call(sub.querySelector(".lista").children, valoresDe);
      if (elementos.length) { v[sub.dataset.seccion] = elementos; }
    });
    return v;
  }

  function leerFormulario() {
    var v = {entidad: D.entidad.corto, periodo: D.periodo.id};
    var mesa = elegido("mesa");
    if (mesa === "si") { v.mesa = {instalada: document.getElementById("mesa-instalada").value}; }
    if (mesa === "no") { v.mesa = {instalada: null}; }
    ["reuniones", "acuerdos", "medidas"].forEach(function (nombre) {
      var r = elegido(nombre);
      if (r === "no") { v[nombre] = []; }
      if (r === "si") {
        v[nombre] = Array.prototype.map.call(document.querySelector(".lista[data-seccion='" + nombre + "']").children, valoresDe);
      }
    });
    var seguimiento = [];
    document.querySelectorAll("select[data-acuerdo]").forEach(function (sel) {
      if (sel.value) { seguimiento.push({acuerdo: sel.dataset.acuerdo, estatus: sel.value}); }
    });
    if (seguimiento.length) { v.seguimiento = seguimiento; }
    return v;
  }

  function textoYaml() {
    var cabecera = ["# Informe mensual de la JLE en " + D.entidad.corto + ", periodo " + D.periodo.id + ".",
      "# Escrito por el formulario web; se vuelve a abrir con «Abrir archivo» para seguir trabajando."];
    return cabecera.concat(yaml(D.campos.campos, leerFormulario(), "")).join("\n") + "\n";
  }

  var estado = el("p", {id: "estado", "class": "estado", role: "status"});

  function guardar() {
    intentoGuardar = true;
    var problemas = revisar();
    mostrar(problemas);
    if (problemas.some(function (p) { return p.severidad === "error"; })) {
      estado.textContent = "";
      resumen.focus();
      return;
    }
    var archivo = new Blob([textoYaml()], {type: "application/x-yaml;charset=utf-8"});
    var enlace = el("a", {href: URL.createObjectURL(archivo), download: D.archivo});
    document.body.appendChild(enlace);
    enlace.click();
    enlace.remove();
    estado.textContent = "Se guardó " + D.archivo + " (en la carpeta de descargas). Envíelo como adjunto a la DEOE.";
  }

  // ------------------------------------------------------------------ abrir: un YAML guardado o escrito a mano

  function ErrorYaml(linea, texto) { this.linea = linea; this.texto = texto; }

  var ESCAPES_LECTURA = {"0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r",
    e: "\x1b", " ": " ", "\"": "\"", "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029"};

  function dobles(texto, n) {
    var salida = "";
    for (var i = 1; i < texto.length; i++) {
      var c = texto[i];
      if (c === "\"") { return {valor: salida, resto: texto.slice(i + 1)}; }
      if (c !== "\\") { salida += c; continue; }
      var s = texto[i + 1];
      var largo = {x: 2, u: 4, U: 8}[s];
      if (largo) {
        var h = texto.slice(i + 2, i + 2 + largo);
        if (!/^[0-9A-Fa-f]+$/.test(h) || h.length !== largo) { throw new ErrorYaml(n, "un escape «\\" + s + "» incompleto"); }
        salida += String.fromCodePoint(parseInt(h, 16));
        i += 1 + largo;
      } else if (ESCAPES_LECTURA[s] !== undefined) {
        salida += ESCAPES_LECTURA[s];
        i += 1;
      } else {
        throw new ErrorYaml(n, "un escape desconocido «\\" + (s || "") + "»");
      }
    }
    throw new ErrorYaml(n, "un texto entre comillas que sigue en otra línea (el formulario lo lee en una sola)");
  }

  function simples(texto, n) {
    var salida = "";
    for (var i = 1; i < texto.length; i++) {
      if (texto[i] === "'") {
        if (texto[i + 1] === "'") { salida += "'"; i++; continue; }
        return {valor: salida, resto: texto.slice(i + 1)};
      }
      salida += texto[i];
    }
    throw new ErrorYaml(n, "un texto entre comillas que sigue en otra línea (el formulario lo lee en una sola)");
  }

  // Un valor escrito en la misma línea que su clave: entre comillas, [] o simple (hasta un « #»).
  function valorEnLinea(texto, n) {
    var resto;
    if (texto[0] === "\"" || texto[0] === "'") {
      var leido = texto[0] === "\"" ? dobles(texto, n) : simples(texto, n);
      resto = leido.resto.trim();
      if (resto && resto[0] !== "#") { throw new ErrorYaml(n, "texto después de las comillas de cierre"); }
      return leido.valor;
    }
    var simple = texto.replace(/(^|\s)#.*$/, "").trim();
    if (simple === "[]") { return []; }
    if (simple === "" || simple === "~" || /^null$/i.test(simple)) { return null; }
    if (/^[&*!]/.test(simple)) { throw new ErrorYaml(n, "anclas, alias y etiquetas de YAML («&», «*», «!») no se admiten"); }
    if (/^[[{]/.test(simple)) { throw new ErrorYaml(n, "una lista o un mapa entre corchetes o llaves; escriba un elemento por línea con «- »"); }
    return simple;
  }

  // Las líneas con contenido: sangría, texto y número; los comentarios y las líneas en blanco no cuentan.
  // Las crudas quedan en `salida.crudas`: un bloque «|» las lee tal cual (un «#» o una línea en blanco al
  // principio de una línea del bloque son texto). Un tabulador en la sangría se dice cuando la línea se lee
  // como estructura, no dentro de un bloque, donde es texto.
  function lineasDe(texto) {
    var salida = [];
    var documentos = 0;
    salida.crudas = texto.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
    salida.crudas.forEach(function (linea, i) {
      var n = i + 1;
      var sangria = /^[ \t]*/.exec(linea)[0];
      var contenido = linea.slice(sangria.length);
      if (!contenido || contenido[0] === "#") { return; }
      if (/^(---|\.\.\.)(\s|$)/.test(linea)) {
        documentos += 1;
        if (documentos > 1 || salida.length) { throw new ErrorYaml(n, "más de un documento («---»): el archivo lleva una sola entidad"); }
        return;
      }
      salida.push({n: n, sangria: sangria.length, texto: contenido.replace(/\s+$/, ""), cruda: linea,
        tabulador: sangria.indexOf("\t") >= 0});
    });
    return salida;
  }

  function estructura(linea) {
    if (linea && linea.tabulador) { throw new ErrorYaml(linea.n, "un tabulador en la sangría (YAML solo admite espacios)"); }
    return linea;
  }

  // Lector de bloques: mapas «clave: valor», listas «- », escalares de una línea y bloques «|» / «>».
  function Lector(lineas) { this.l = lineas; this.i = 0; this.nivel = 0; }

  // «|» o «>», con su indicador de sangría o de saltos finales, y quizá un comentario
  var BLOQUE = /^[|>]([1-9][-+]?|[-+][1-9]?)?\s*(#.*)?$/;

  // el mismo tope de anidación que `validar` (yaml-anidamiento): la pila del navegador no decide
  var NIVELES = 32;

  Lector.prototype.bloque = function (sangria) {
    var linea = estructura(this.l[this.i]);
    if (!linea || linea.sangria < sangria) { return null; }
    if (++this.nivel > NIVELES) { throw new ErrorYaml(linea.n, "más de " + NIVELES + " niveles de anidación"); }
    var valor = /^-(\s|$)/.test(linea.texto) ? this.lista(linea.sangria) : this.mapa(linea.sangria);
    this.nivel--;
    return valor;
  };

  Lector.prototype.lista = function (sangria) {
    var elementos = [];
    elementos.lineas = [];
    while (this.i < this.l.length && this.l[this.i].sangria === sangria && /^-(\s|$)/.test(this.l[this.i].texto)) {
      var linea = estructura(this.l[this.i]);
      var resto = linea.texto.slice(1).replace(/^\s+/, "");
      elementos.lineas.push(linea.n);
      if (elementos.lineas.length > D.limites.elementos) {
        throw new ErrorYaml(linea.n, "más de " + conMiles(D.limites.elementos) + " elementos en una lista; ningún " +
          "informe mensual tiene tantos: revíselo con un editor de texto");
      }
      if (!resto || resto[0] === "#") {
        this.i++;
        elementos.push(this.bloque(sangria + 1));
      } else if (BLOQUE.test(resto)) {
        this.i++;
        elementos.push(this.bloqueDeTexto(resto, sangria, linea.n));
      } else if (claveDe(resto, linea.n)) {
        // «- clave: valor» abre un mapa cuya sangría es la de la clave
        this.l[this.i] = {n: linea.n, sangria: linea.cruda.length - linea.cruda.replace(/^\s*-\s*/, "").length,
          texto: resto, cruda: linea.cruda};
        elementos.push(this.mapa(this.l[this.i].sangria));
      } else {
        this.i++;
        elementos.push(valorEnLinea(this.plegar(resto, sangria), linea.n));
      }
    }
    return elementos;
  };

  Lector.prototype.mapa = function (sangria) {
    // sin prototipo: una clave «__proto__» del archivo es una clave más (desconocida, y se dice), no un cambio
    // de prototipo que la haría desaparecer
    var mapa = Object.create(null);
    Object.defineProperty(mapa, "_lineas", {value: Object.create(null), enumerable: false});
    while (this.i < this.l.length && this.l[this.i].sangria >= sangria) {
      var linea = estructura(this.l[this.i]);
      if (linea.sangria > sangria) { throw new ErrorYaml(linea.n, "una sangría que no corresponde a ninguna clave"); }
      if (/^-(\s|$)/.test(linea.texto)) { break; }
      var par = claveDe(linea.texto, linea.n);
      if (!par) { throw new ErrorYaml(linea.n, "una línea sin «clave: valor»"); }
      if (Object.keys(mapa._lineas).length >= D.limites.elementos) {
        throw new ErrorYaml(linea.n, "más de " + conMiles(D.limites.elementos) + " claves en un mapa; ningún informe " +
          "mensual tiene tantas: revíselo con un editor de texto");
      }
      if (Object.prototype.hasOwnProperty.call(mapa, par.clave)) {
        throw new ErrorYaml(linea.n, "la clave «" + corto(par.clave) + "» repetida");
      }
      this.i++;
      mapa._lineas[par.clave] = linea.n;
      var resto = par.resto.trim();
      if (BLOQUE.test(resto)) {
        mapa[par.clave] = this.bloqueDeTexto(resto, sangria, linea.n);
      } else if (resto && resto[0] !== "#") {
        mapa[par.clave] = valorEnLinea(this.plegar(resto, sangria), linea.n);
      } else {
        var sig = this.l[this.i];
        var anidado = sig && (sig.sangria > sangria || (sig.sangria === sangria && /^-(\s|$)/.test(sig.texto)));
        mapa[par.clave] = anidado ? this.bloque(sig.sangria) : null;
      }
    }
    return mapa;
  };

  // Un valor que sigue en las líneas siguientes, más sangradas que su clave (YAML lo admite: quien escribe a
  // mano parte un texto largo con Enter). Se une como YAML: cada salto es un espacio, una línea en blanco es
  // un salto, y entre comillas dobles una «\» al final une sin espacio. Una línea que parece «clave: valor» o
  // «- elemento» no se une: es una sangría equivocada y se dice como tal.
  Lector.prototype.plegar = function (texto, sangria) {
    if (texto[0] === "\"" || texto[0] === "'") { return this.entreComillas(texto); }
    var partes = [texto];
    var anterior = this.l[this.i - 1].n;
    while (this.i < this.l.length && this.l[this.i].sangria > sangria) {
      var l = estructura(this.l[this.i]);
      if (/^-(\s|$)/.test(l.texto) || pareceClave(l.texto, l.n)) { break; }
      var saltos = l.n - anterior - 1;
      partes.push(saltos > 0 ? new Array(saltos + 1).join("\n") : " ", l.cruda.trim());
      anterior = l.n;
      this.i++;
    }
    return partes.join("");
  };

  // Un texto entre comillas que sigue en las líneas siguientes: se lee de las crudas hasta la comilla que
  // cierra (un «#» al principio de una de ellas es texto, no comentario), y se une como YAML.
  Lector.prototype.entreComillas = function (texto) {
    var crudas = this.l.crudas;
    var k = this.l[this.i - 1].n;  // índice (desde 0) de la línea que sigue
    var partes = [texto];
    var ultima = texto;
    var saltos = 0;
    var desde = 1;  // en la primera línea, después de la comilla que abre
    while (!cierra(ultima, texto[0], desde) && k < crudas.length) {
      desde = 0;
      var linea = crudas[k++].trim();
      if (!linea) { saltos++; continue; }
      if (saltos) { partes.push(new Array(saltos + 1).join("\n")); }
      else if (texto[0] === "\"" && diagonalesAlFinal(ultima) % 2 === 1) { partes[partes.length - 1] = ultima.slice(0, -1); }
      else { partes.push(" "); }
      partes.push(linea);
      ultima = linea;
      saltos = 0;
    }
    while (this.i < this.l.length && this.l[this.i].n <= k) { this.i++; }
    return partes.join("");
  };

  // ¿Cierra la línea el texto que abrió la comilla `c`? Entre dobles, «\"» no cierra; entre simples, «''».
  function cierra(linea, c, desde) {
    for (var i = desde; i < linea.length; i++) {
      if (c === "\"" && linea[i] === "\\") { i++; continue; }
      if (linea[i] === c) {
        if (c === "'" && linea[i + 1] === "'") { i++; continue; }
        return true;
      }
    }
    return false;
  }

  function diagonalesAlFinal(linea) {
    var n = 0;
    while (n < linea.length && linea[linea.length - 1 - n] === "\\") { n++; }
    return n;
  }

  // «|» guarda los saltos de línea; «>» los une con espacios (salvo alrededor de las líneas más sangradas). Se lee
  // de las líneas crudas, como YAML: un «#» o un tabulador al principio son texto, una línea con solo espacios
  // es una línea vacía, y el indicador dice qué hacer con los saltos finales («-» los quita, «+» los guarda
  // todos, sin él queda uno) y, con una cifra, la sangría del texto.
  Lector.prototype.bloqueDeTexto = function (indicador, sangria, n) {
    var m = /^([|>])([1-9]?)([-+]?)([1-9]?)/.exec(indicador);
    var crudas = this.l.crudas;
    var cifra = Number(m[2] || m[4] || 0);
    var propia = cifra ? sangria + cifra : null;
    var lineas = [];
    var k = n;  // el índice (desde 0) de la línea que sigue a la clave
    for (; k < crudas.length; k++) {
      var espacios = /^ */.exec(crudas[k])[0].length;
      if (propia === null && espacios < crudas[k].length) { propia = espacios; }
      if (espacios === crudas[k].length && (propia === null || espacios <= propia)) {
        lineas.push({texto: "", vacia: true});
      } else if (propia > sangria && espacios >= propia) {
        lineas.push({texto: crudas[k].slice(propia), vacia: false});
      } else { break; }
    }
    if (propia === null || propia <= sangria) { propia = sangria + 1; }
    // las líneas en blanco del final no son del bloque (salvo para «+»): las siguientes claves las vuelven a ver
    var ultima = lineas.length - 1;
    while (ultima >= 0 && lineas[ultima].vacia) { ultima--; }
    while (this.i < this.l.length && this.l[this.i].n <= n + ultima + 1) { this.i++; }
    var finales = lineas.length - ultima - 1;
    if (ultima < 0) { return ""; }
    var texto = m[1] === "|" ? lineas.slice(0, ultima + 1).map(function (l) { return l.texto; }).join("\n") :
      plegado(lineas.slice(0, ultima + 1));
    if (m[2] === "-" || m[3] === "-") { return texto; }
    return texto + "\n" + (m[2] === "+" || m[3] === "+" ? new Array(finales + 1).join("\n") : "");
  };

  // «>»: dos líneas seguidas se unen con un espacio, y n líneas vacías son n saltos; junto a una línea más
  // sangrada (que empieza con espacio o tabulador) el salto se conserva.
  function plegado(lineas) {
    var texto = "";
    var anterior = null;
    var vacias = 0;
    lineas.forEach(function (l) {
      if (l.vacia) { vacias++; return; }
      if (anterior === null) { texto = new Array(vacias + 1).join("\n") + l.texto; }
      else {
        var sangrada = /^[ \t]/.test(anterior) || /^[ \t]/.test(l.texto);
        texto += (sangrada ? "\n" : (vacias ? "" : " ")) + new Array(vacias + 1).join("\n") + l.texto;
      }
      anterior = l.texto;
      vacias = 0;
    });
    return texto;
  }

  function pareceClave(texto, n) {
    try { return claveDe(texto, n) !== null; } catch (e) { return false; }
  }

  function claveDe(texto, n) {
    var clave, resto;
    if (texto[0] === "\"" || texto[0] === "'") {
      var leido = texto[0] === "\"" ? dobles(texto, n) : simples(texto, n);
      if (!/^\s*:(\s|$)/.test(leido.resto)) { return null; }
      clave = leido.valor;
      resto = leido.resto.replace(/^\s*:/, "");
    } else {
      var m = /^([^:#]+?)\s*:(\s|$)/.exec(texto);
      if (!m) { return null; }
      clave = m[1];
      resto = texto.slice(m[0].length);
    }
    return {clave: clave, resto: resto};
  }

  function leerYaml(texto) {
    var lineas = lineasDe(texto);
    if (!lineas.length) { throw new ErrorYaml(1, "un archivo vacío"); }
    var lector = new Lector(lineas);
    var raiz = lector.bloque(0);
    if (lector.i < lineas.length) { throw new ErrorYaml(lineas[lector.i].n, "una sangría que no corresponde a ninguna clave"); }
    if (!raiz || Array.isArray(raiz) || typeof raiz !== "object") { throw new ErrorYaml(1, "un archivo que no empieza con «entidad: …»"); }
    return raiz;
  }

  // ------------------------------------------------------------------ del YAML leído al formulario

  function esFecha(v) {
    if (typeof v !== "string" || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v)) { return false; }
    var d = new Date(v + "T00:00:00Z");
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }

  // La clave declarada que `clave` escribe (también con acento o mayúsculas: «descripción»).
  function claveDeclarada(campos, clave, donde, avisos, linea) {
    var hallada = campos.filter(function (c) { return c.nombre === clave; })[0] ||
      campos.filter(function (c) { return normalizar(c.nombre) === normalizar(clave); })[0];
    if (!hallada) {
      avisos.push([linea, donde + ": la clave «" + corto(clave) + "» no es del formato; no se muestra (claves válidas: " +
        campos.map(function (c) { return c.nombre; }).join(", ") + ")."]);
    } else if (hallada.nombre !== clave) {
      avisos.push([linea, donde + ": «" + corto(clave) + "» se leyó como «" + hallada.nombre + "»; al guardar se escribe así."]);
    }
    return hallada;
  }

  function valorDeCampo(campo, v, donde, avisos, linea) {
    if (v === null || v === undefined) { return null; }
    if (typeof v !== "string") { avisos.push([linea, donde + ": se esperaba un valor y hay una lista o un mapa; no se muestra."]); return null; }
    if (campo.tipo === "fecha" || campo.tipo === "fecha-o-null") {
      if (esFecha(v.trim())) { return v.trim(); }
      avisos.push([linea, donde + ": «" + corto(v) + "» no es una fecha AAAA-MM-DD que exista; el campo quedó vacío: escríbala de nuevo."]);
      return null;
    }
    if (campo.tipo === "entero") {
      if (/^[0-9]{1,9}$/.test(v.trim())) { return String(Number(v.trim())); }
      avisos.push([linea, donde + ": «" + corto(v) + "» no es un número entero; el campo quedó vacío."]);
      return null;
    }
    if (CATALOGOS[campo.tipo]) {
      var c = canonico(campo.tipo, v);
      if (!c) { avisos.push([linea, donde + ": «" + corto(v) + "» no está en el catálogo (" + CATALOGOS[campo.tipo].valores.join(", ") + "); el campo quedó sin elegir."]); }
      return c;
    }
    if (v.length > D.limites.texto && Array.from(v).length > D.limites.texto) {
      throw new ErrorYaml(linea, "un texto de " + conMiles(Array.from(v).length) + " caracteres (" + donde +
        "); el máximo es " + conMiles(D.limites.texto) + ": resúmalo con un editor de texto");
    }
    return campo.tipo === "texto" && v.replace(/\s+/g, "") === "" ? null : v;
  }

  function elementoDe(campoLista, e, donde, avisos, linea) {
    if (typeof e === "string" && campoLista.campos.some(function (c) { return c.nombre === "descripcion"; })) {
      avisos.push([linea, donde + " es una línea de texto, no un elemento con sus campos: se tomó como su descripción."]);
      e = {descripcion: e};
    }
    if (!e || typeof e !== "object" || Array.isArray(e)) {
      avisos.push([linea, donde + ": no es un elemento con sus campos; no se muestra."]);
      return null;
    }
    var salida = {};
    Object.keys(e).forEach(function (clave) {
      var l = (e._lineas || {})[clave] || linea;
      var campo = claveDeclarada(campoLista.campos, clave, donde, avisos, l);
      if (!campo) { return; }
      if (!campo.sugerir) {
        avisos.push([l, donde + ": el identificador «" + corto(e[clave]) + "» lo asigna la DEOE; el formulario no lo muestra ni lo escribe (la DEOE lo conserva al recibir)."]);
        return;
      }
      if (campo.tipo === "lista") {
        salida[campo.nombre] = elementosDe(campo, e[clave], donde + ", " + campo.etiqueta.toLowerCase(), avisos, l);
      } else {
        salida[campo.nombre] = valorDeCampo(campo, e[clave], donde + ", " + campo.etiqueta.toLowerCase(), avisos, l);
      }
    });
    return salida;
  }

  function elementosDe(campoLista, valor, donde, avisos, linea) {
    if (valor === null) { return []; }
    if (!Array.isArray(valor)) {
      avisos.push([linea, donde + ": se esperaba una lista (cada elemento empieza con «- »); no se muestra."]);
      return [];
    }
    var nombre = D.secciones[campoLista.nombre].elemento;
    return valor.map(function (e, i) {
      return elementoDe(campoLista, e, nombre + " " + (i + 1), avisos, (valor.lineas || [])[i] || linea);
    }).filter(Boolean);
  }

  function mismaEntidad(v) {
    // las formas que la lectura acepta, con los alias de proceso.yaml: las calcula Python
    return typeof v === "string" && D.entidad.formas.indexOf(normalizar(v)) >= 0;
  }

  function limpiar() {
    document.querySelectorAll(".lista").forEach(function (l) { if (!l.closest(".elemento")) { l.textContent = ""; } });
    document.querySelectorAll("input[type=radio]").forEach(function (r) { r.checked = false; });
  }

  function cargar(raiz) {
    var avisos = [];
    var lineas = raiz._lineas;
    var secciones = {};
    Object.keys(raiz).forEach(function (clave) {
      var campo = claveDeclarada(D.campos.campos, clave, "El archivo", avisos, lineas[clave]);
      if (campo) { secciones[campo.nombre] = {valor: raiz[clave], linea: lineas[clave]}; }
    });
    if (!secciones.entidad || !mismaEntidad(secciones.entidad.valor)) {
      throw new ErrorYaml(secciones.entidad ? secciones.entidad.linea : 1, "otra entidad («" +
        (secciones.entidad ? corto(secciones.entidad.valor) : "sin entidad") + "»); este formulario es de " + D.entidad.corto);
    }
    if (!secciones.periodo || secciones.periodo.valor !== D.periodo.id) {
      throw new ErrorYaml(secciones.periodo ? secciones.periodo.linea : 1, "otro periodo («" +
        (secciones.periodo ? corto(secciones.periodo.valor) : "sin periodo") + "»); este formulario es del " + D.periodo.id);
    }
    // todo se lee antes de tocar la página: un archivo que no se abre deja el formulario como estaba
    var leidas = {};
    ["reuniones", "acuerdos", "medidas"].forEach(function (nombre) {
      var s = secciones[nombre];
      if (s) { leidas[nombre] = elementosDe(CAMPOS[nombre], s.valor, D.secciones[nombre].titulo, avisos, s.linea); }
    });
    limpiar();
    cargarMesa(secciones.mesa, avisos);
    ["reuniones", "acuerdos", "medidas"].forEach(function (nombre) {
      var elementos = leidas[nombre];
      if (!elementos) {
        avisos.push([null, "El archivo no contesta «" + nombre + "»: elija la respuesta en el formulario."]);
        return;
      }
      elegir(nombre, elementos.length ? "si" : "no");
      var lista = document.querySelector(".lista[data-seccion='" + nombre + "']");
      elementos.forEach(function (e) { agregarElemento(lista, CAMPOS[nombre], e, false); });
    });
    cargarSeguimiento(secciones.seguimiento, avisos);
    return avisos;
  }

  function cargarMesa(s, avisos) {
    var fecha = document.getElementById("mesa-instalada");
    fecha.value = "";
    if (!s) {
      avisos.push([null, "El archivo no contesta «mesa»: el formulario muestra lo que la historia registra."]);
      if (D.mesa) { elegir("mesa", "si"); fecha.value = D.mesa; } else if (D.mesa === "") { elegir("mesa", "no"); }
      return;
    }
    var v = s.valor;
    if (!v || typeof v !== "object" || Array.isArray(v) || !("instalada" in v)) {
      avisos.push([s.linea, "mesa: se esperaba «instalada: AAAA-MM-DD» (o null); la respuesta quedó sin elegir."]);
      return;
    }
    if (v.instalada === null) { elegir("mesa", "no"); return; }
    elegir("mesa", "si");
    var valor = valorDeCampo({tipo: "fecha"}, v.instalada, "Fecha de instalación", avisos, v._lineas.instalada);
    if (valor) { fecha.value = valor; }
  }

  function cargarSeguimiento(s, avisos) {
    var selects = Object.create(null);
    // cada estatus vuelve al vigente antes de leer el archivo: lo elegido antes de abrirlo no se mezcla con él
    document.querySelectorAll("select[data-acuerdo]").forEach(function (sel) {
      selects[sel.dataset.acuerdo] = sel;
      sel.value = sel.dataset.antes;
    });
    if (!s || s.valor === null) { return; }
    if (!Array.isArray(s.valor)) { avisos.push([s.linea, "seguimiento: se esperaba una lista; no se muestra."]); return; }
    s.valor.forEach(function (e, i) {
      var linea = (s.valor.lineas || [])[i] || s.linea;
      var id = e && typeof e === "object" ? e.acuerdo : null;
      if (!id || !selects[id]) {
        avisos.push([linea, "Seguimiento " + (i + 1) + ": el acuerdo «" + (id ? corto(id) : "sin identificador") +
          "» no está entre los abiertos de " + D.entidad.corto + "; no se muestra."]);
        return;
      }
      var estatus = valorDeCampo({tipo: "estatus"}, e.estatus, "Acuerdo " + id + ", estatus", avisos, linea);
      selects[id].value = estatus || "";
    });
  }

  var avisosAbrir = el("div", {id: "avisos-abrir", "class": "avisos", tabindex: "-1", hidden: true, role: "region", "aria-labelledby": "avisos-titulo"});

  var AVISOS = 100;  // los que se listan: un archivo hostil trae cientos de miles

  function mostrarAvisos(titulo, avisos) {
    avisosAbrir.textContent = "";
    avisosAbrir.hidden = false;
    avisosAbrir.appendChild(el("h2", {id: "avisos-titulo", texto: titulo}));
    if (avisos.length) {
      var lista = el("ul");
      avisos.slice(0, AVISOS).forEach(function (a) { lista.appendChild(el("li", {texto: (a[0] ? "Línea " + a[0] + ": " : "") + a[1]})); });
      if (avisos.length > AVISOS) {
        lista.appendChild(el("li", {texto: "Y " + conMiles(avisos.length - AVISOS) + " avisos más como esos: revise el archivo con un editor de texto."}));
      }
      avisosAbrir.appendChild(lista);
    }
    avisosAbrir.focus();
  }

  function abrir(archivo) {
    // los límites antes de leer: lo que recibir no aceptaría tampoco se abre
    if (archivo.size > D.limites.archivo) {
      mostrarAvisos("No se abrió " + archivo.name + ": pesa más de " + conMiles(D.limites.archivo / 1048576) +
        " MiB; no es un informe de una JLE.", []);
      return;
    }
    archivo.arrayBuffer().then(function (bytes) {
      var avisos, texto;
      try {
        texto = new TextDecoder("utf-8", {fatal: true}).decode(bytes);
      } catch (e) {
        mostrarAvisos("No se abrió " + archivo.name + ": no está guardado como texto UTF-8.", []);
        return;
      }
      try {
        avisos = cargar(leerYaml(texto));
      } catch (e) {
        // lo que no es un ErrorYaml (una anidación sin fin agota la pila) también se dice, en español
        mostrarAvisos("No se abrió " + archivo.name + ": " + (e instanceof ErrorYaml ? "la línea " + e.linea +
          " tiene " + e.texto : "el formulario no entiende su estructura; revíselo con un editor de texto") + ".", []);
        return;
      }
      modificado = true;
      mostrar(revisar());
      mostrarAvisos(avisos.length ? "Se abrió " + archivo.name + ". Lo que el formulario no pudo mostrar:" :
        "Se abrió " + archivo.name + " completo.", avisos);
    });
  }

  // ------------------------------------------------------------------ la página

  function acciones() {
    var guardarBoton = el("button", {type: "button", id: "guardar", texto: "Guardar archivo"});
    guardarBoton.addEventListener("click", guardar);
    var selector = el("input", {type: "file", id: "archivo", accept: ".yaml,.yml,text/yaml", "class": "oculto", tabindex: "-1", "aria-hidden": "true"});
    var abrirBoton = el("button", {type: "button", id: "abrir", "class": "secundario", texto: "Abrir archivo"});
    abrirBoton.addEventListener("click", function () { selector.value = ""; selector.click(); });
    selector.addEventListener("change", function () { if (selector.files.length) { abrir(selector.files[0]); } });
    return el("div", {"class": "acciones"}, [guardarBoton, abrirBoton, selector]);
  }

  function iniciar() {
    principal.appendChild(el("p", {"class": "ayuda", texto: "Conteste cada sección. Al terminar, «Guardar archivo» descarga " +
      D.archivo + ": envíelo como adjunto a la DEOE. «Abrir archivo» carga uno guardado para seguir trabajando."}));
    principal.appendChild(resumen);
    principal.appendChild(avisosAbrir);
    seccionMesa();
    ["reuniones", "acuerdos"].forEach(function (n) { principal.appendChild(seccionDeLista(CAMPOS[n], [], true)); });
    seccionSeguimiento();
    principal.appendChild(seccionDeLista(CAMPOS.medidas, [], true));
    principal.appendChild(acciones());
    principal.appendChild(estado);
    principal.addEventListener("input", function (evento) {
      if (evento.target.id !== "archivo") { tocados.add(evento.target); cambio(); }
    });
    principal.addEventListener("change", function (evento) {
      if (evento.target.id !== "archivo") { tocados.add(evento.target); cambio(); }
    });
    principal.addEventListener("focusout", function (evento) {
      if (evento.target.matches("[data-campo]")) { tocados.add(evento.target); mostrar(revisar()); }
    });
    actualizarPalabras();
    document.documentElement.dataset.listo = "si";
  }

  iniciar();
})();
