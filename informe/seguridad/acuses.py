"""Lo que se devuelve a cada JLE y lo que se guarda de cada envío, aceptado o no.

Un envío con errores no se pierde: su copia queda en `datos/<P>/rechazados/` y `estado` la muestra.
Cada envío recibe un acuse en español, listo para devolverlo por correo: `datos/<P>/acuses/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import catalogos as cat

# La copia de un envío rechazado guarda hasta este tamaño (un envío mayor ya se rechazó por tamaño y su
# copia completa no cabe en memoria); ocho veces el máximo que se acepta.
COPIA_MAXIMA = 64 * 1024 * 1024


def _nombre_seguro(nombre: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", nombre)[-80:].lstrip(".") or "envio"


def _escribir(carpeta: Path, nombre: str, contenido: bytes) -> Path:
    """Un archivo nuevo con nombre único: dos recepciones a la vez nunca escriben el mismo."""
    from itertools import count

    from ..archivos import crear_nuevo

    carpeta.mkdir(parents=True, exist_ok=True)
    base, punto, ext = nombre.rpartition(".")
    candidatos = (carpeta / (nombre if n == 0 else f"{base}-{n}.{ext}" if punto else f"{nombre}-{n}")
                  for n in count())
    return crear_nuevo(candidatos, contenido)


def _abreviatura(entidad: str | None) -> str:
    e = cat.buscar_entidad(entidad) if entidad else None
    return e.abreviatura if e else "sin-entidad"  # en minúsculas: no se confunde con SIN (Sinaloa)


# Lo que el acuse le dice a la JLE en lugar de la sugerencia que `validar` da al analista (que habla de
# órdenes y de la carpeta de datos): `{plantilla}` es el nombre del archivo que la JLE recibió, `{periodo}`
# el periodo que se recibe.
PARA_LA_JLE = {
    "archivo-no-yaml": "Abra el formulario que le enviamos (la página .html junto a {plantilla}), llénelo y envíe el "
                       "archivo que descarga su botón «Guardar archivo»; o llene {plantilla} con un editor de "
                       "texto, sin convertirlo a Word, PDF ni otro formato.",
    "archivo-vacio": "El archivo llegó vacío: envíe de nuevo {plantilla}, con su contenido.",
    "archivo-binario": "Envíe el archivo de texto de la plantilla ({plantilla}), guardado como texto UTF-8.",
    "raiz-no-mapa": "Parta de la plantilla que le enviamos ({plantilla}) y conserve sus líneas «entidad:» y "
                    "«periodo:».",
    "periodo-invalido": "Escriba «periodo: {periodo}», como viene en la plantilla ({plantilla}).",
    "periodo-distinto": "Si el informe es de este periodo, escriba «periodo: {periodo}» en esa línea y reenvíe el "
                        "archivo; si es de otro periodo, dígalo en su correo.",
    "seguimiento-desconocido": "Copie el identificador tal como viene en la plantilla que le enviamos.",
}
# Lo que hacer con un código cuya sugerencia está escrita para el analista o no existe: todo problema del
# acuse dice qué hacer (un test lo exige para cada código).
QUE_HACER = {
    "tipo-invalido": "Escriba ese dato con la forma de la plantilla ({plantilla}): cada acuerdo, reunión o medida "
                     "empieza con «- » y lleva debajo sus campos «clave: valor» con la misma sangría; no lo "
                     "escriba como un párrafo de texto.",
    "clave-desconocida": "Use solo los nombres de campo de la plantilla ({plantilla}), escritos igual; borre o "
                         "corrija ese campo.",
    "campo-requerido": "Agregue ese campo, como viene en la plantilla ({plantilla}).",
    "entidad-duplicada": "Envíe un solo archivo de su entidad, el que vale, en respuesta a este correo.",
    "entidades-varias": "Envíe en un archivo solo el informe de su entidad, partiendo de su plantilla ({plantilla}).",
    "archivo-ilegible": "Envíe de nuevo el archivo de la plantilla ({plantilla}), como adjunto.",
}
_QUE_HACER_GENERICO = ("Corrija ese dato como indican las instrucciones de la plantilla ({plantilla}) y envíe el "
                       "archivo completo de nuevo; si no sabe cómo, responda a este correo con su duda.")
_PLANTILLA_GENERICA = "la plantilla que le enviamos"
_SECCIONES = {"acuerdos": "acuerdo", "reuniones": "reunión", "temas": "tema", "medidas": "medida",
              "seguimiento": "seguimiento"}
_RUTA = re.compile(r"^((?:[a-z_]+(?:\[\d+\])?\.)*[a-z_]+(?:\[\d+\])?): ")
ANCHO = 78  # el acuse se lee en un correo o en una terminal de 80 columnas


def humano(mensaje: str) -> str:
    """«acuerdos[1].estatus: …» → «Acuerdo 1, estatus: …»: la JLE no escribe rutas de datos."""
    m = _RUTA.match(mensaje)
    if not m or "[" not in m[1]:
        return mensaje
    partes = []
    for parte in m[1].split("."):
        nombre, _, indice = parte.partition("[")
        partes.append(f"{_SECCIONES.get(nombre, nombre)} {indice.rstrip(']')}" if indice else nombre)
    texto = ", ".join(partes) + ": " + mensaje[m.end():]
    return texto[:1].upper() + texto[1:]


def para_la_jle(p, plantilla: str | None, periodo: str, registro=None) -> str | None:
    """La sugerencia que lee la JLE: la propia del código, o la de `validar` si no habla de órdenes. La de
    una fecha mal escrita, con el periodo: si cae fuera se dice, y el ejemplo es del periodo."""
    valor = re.search(r"«(.*)» no es una fecha AAAA-MM-DD", p.mensaje) if p.codigo == "fecha-invalida" else None
    if valor and getattr(registro, "inicio", None) and getattr(registro, "fin", None):
        from ..lector import sugerir_fecha

        return sugerir_fecha(valor[1], registro.inicio, registro.fin)
    if p.codigo in PARA_LA_JLE:
        return PARA_LA_JLE[p.codigo].format(plantilla=plantilla or _PLANTILLA_GENERICA, periodo=periodo)
    s = p.sugerencia or ""
    s = re.sub(r"\s*\((?:vea|use) `informe [^`]*`\)", "", s).replace("`informe plantilla`", _PLANTILLA_GENERICA)
    if not s or "`informe" in s or "--" in s or "Pida a la JLE" in s or "de la herramienta" in s:
        # escrita para el analista (al acuse no va) o sin sugerencia: la del código, o la general
        return QUE_HACER.get(p.codigo, _QUE_HACER_GENERICO).format(plantilla=plantilla or _PLANTILLA_GENERICA)
    return s


def _parrafo(texto: str, sangria: str = "", primera: str | None = None) -> list[str]:
    import textwrap

    return textwrap.wrap(texto, width=ANCHO, initial_indent=sangria if primera is None else primera,
                         subsequent_indent=sangria, break_long_words=False, break_on_hyphens=False) or [""]


def _cita(lineas_archivo: list[str] | None, n: int | None) -> str | None:
    """La línea `n` del archivo de la JLE tal como la escribió (los tabuladores, a la vista)."""
    if not lineas_archivo or not n or n > len(lineas_archivo):
        return None
    linea = lineas_archivo[n - 1].replace("\t", "[tabulador]").strip()
    if not linea:
        return None
    return linea if len(linea) <= 120 else linea[:119] + "…"


def _acuerdo(i: str, texto: str, estatus: str | None) -> list[str]:
    return _parrafo(f"{i} ({estatus or 'sin estatus'}): {texto}", "      ", "    ")


@dataclass
class _Envio:
    """Lo que todas las partes del acuse necesitan saber del envío."""
    r: object  # recibir.Recepcion
    periodo: str
    original: str  # el nombre del archivo como llegó
    plantilla: str | None  # el nombre de la plantilla que la JLE recibió (si se sabe su entidad)
    texto_original: list[str] | None  # sus líneas, para citarlas
    registro: object = None  # el periodo (sus fechas), si se pudo leer


def texto_acuse(r, periodo: str, cuando: datetime, original: str, registro=None, contenido: str | None = None) -> str:
    """El acuse que se devuelve a la JLE, escrito para quien llenó el archivo: qué se recibió, qué se
    registró, cada problema con su línea, qué significa y cómo corregirlo, y qué enviar de vuelta."""
    from .formulario import nombre_plantilla

    e = cat.buscar_entidad(r.entidad) if r.entidad else None
    envio = _Envio(r, periodo, original, nombre_plantilla(e.abreviatura, periodo) if e else None,
                   contenido.splitlines() if contenido is not None else None, registro)
    lineas = _encabezado(envio, e, cuando, registro) + [""]
    if r.estado == "con errores":
        lineas += _no_se_registro(envio, e is None)
    elif r.estado == "rechazado":
        lineas += _pendiente_de_confirmacion(envio)
    else:
        lineas += _recibido(envio)
    return "\n".join(lineas) + "\n"


def _encabezado(envio: _Envio, e, cuando: datetime, registro) -> list[str]:
    """De qué informe y periodo es el acuse, de qué JLE, y qué archivo se recibió y cuándo."""
    from ..mostrar import nombre_visible

    lineas = ["ACUSE DE RECEPCIÓN", f"Informe de coordinación en materia de seguridad · periodo {envio.periodo}"]
    if registro is not None:
        from ..renderizar import rango_fechas

        lineas += _parrafo(f"{cat.ordinal(registro.numero)} informe, {rango_fechas(registro.inicio, registro.fin)}.")
    if e is not None:
        lineas.append(f"Junta Local Ejecutiva en {e.corto}")
    lineas += [""] + _parrafo(f"Recibimos su archivo «{nombre_visible(envio.original)}» el {cuando:%d/%m/%Y} a las "
                              f"{cuando:%H:%M}.")
    if envio.r.copias:
        n = len(envio.r.copias) + 1
        lineas += _parrafo(f"El correo lo traía {n} veces, idéntico ("
                           f"{', '.join(nombre_visible(c) for c in envio.r.copias)}): lo tomamos como un solo envío.")
    return lineas


def _errores(envio: _Envio) -> list:
    return [p for p in envio.r.problemas if p.severidad == "error"]


def _advertencias(envio: _Envio) -> list:
    return [p for p in envio.r.problemas if p.severidad != "error"]


def _problemas(envio: _Envio, grupo) -> list[str]:
    """Cada problema numerado: dónde, qué (en palabras de la JLE), su línea citada y qué hacer."""
    from ..mostrar import nombre_visible

    salida = []
    for k, p in enumerate(grupo, 1):
        donde = (f"Línea {p.linea}" + (f", columna {p.columna}" if p.columna else "") + ". ") if p.linea else ""
        salida += _parrafo(f"{donde}{nombre_visible(humano(p.mensaje))}", "   ", f"{k}. ")
        cita = _cita(envio.texto_original, p.linea)
        if cita:
            salida += _parrafo(f"Su archivo dice: «{nombre_visible(cita)}»", "   ")
        sugerencia = para_la_jle(p, envio.plantilla, envio.periodo, envio.registro)
        if sugerencia:
            salida += _parrafo(f"Qué hacer: {nombre_visible(sugerencia)}", "   ")
        if k == 1 and p.severidad == "error" and envio.r.consecuencias:
            salida += _consecuencias(envio)
    return salida


def _consecuencias(envio: _Envio) -> list[str]:
    """Lo que explica la causa, bajo ella: no son otros errores que corregir uno por uno."""
    from ..lengua import plural
    from ..mostrar import nombre_visible

    n = len(envio.r.consecuencias)
    salida = _parrafo(f"Esto explica también {n} {plural(n, 'problema', 'problemas')} más del archivo, que se "
                      f"{plural(n, 'resuelve', 'resuelven')} al corregirlo:", "   ")
    for p in envio.r.consecuencias[:10]:
        donde = f"línea {p.linea}: " if p.linea else ""
        salida += _parrafo(f"- {donde}{nombre_visible(humano(p.mensaje))}", "       ", "     ")
    if n > 10:
        salida += _parrafo(f"- y {n - 10} más.", "       ", "     ")
    return salida


def _no_se_registro(envio: _Envio, sin_entidad: bool) -> list[str]:
    """Un envío con errores: qué corregir y cómo reenviarlo."""
    from ..lengua import plural
    from ..mostrar import nombre_visible

    errores, advertencias = _errores(envio), _advertencias(envio)
    lineas = _parrafo(f"Resultado: NO SE REGISTRÓ. El archivo tiene {len(errores)} "
                      f"{plural(len(errores), 'error', 'errores')}; su informe de este periodo se registrará "
                      "cuando llegue corregido.")
    lineas += ["", "Qué hay que corregir"] + _problemas(envio, errores)
    if advertencias:
        lineas += ["", "Además, revise (no impide el registro)"] + _problemas(envio, advertencias)
    lineas += ["", "Qué enviar de vuelta"]
    if errores and errores[0].codigo == "entidades-varias":
        lineas += _parrafo(f"Envíe el informe de {envio.r.entidad} solo, en su propio archivo "
                           f"({envio.plantilla or _PLANTILLA_GENERICA}), como adjunto, en respuesta a este correo. "
                           "Le enviaremos un nuevo acuse.")
    elif errores and errores[0].codigo in ("archivo-no-yaml", "archivo-binario", "archivo-vacio"):
        lineas += _parrafo(f"Llene {envio.plantilla or _PLANTILLA_GENERICA} con el formulario web (o con un editor de "
                           "texto) y envíe ese archivo, como adjunto, en respuesta a este correo. Le enviaremos un "
                           "nuevo acuse.")
    else:
        lineas += _parrafo(f"Corrija lo anterior en el mismo archivo, {nombre_visible(envio.original)}, y envíelo "
                           "completo, como adjunto, en respuesta a este correo. Le enviaremos un nuevo acuse.")
    if sin_entidad:
        lineas += _parrafo("No encontramos en el archivo de qué entidad es: use la plantilla que le enviamos, "
                           "que ya trae el nombre de su entidad.")
    return lineas


def _pendiente_de_confirmacion(envio: _Envio) -> list[str]:
    """Un reenvío que quitaría datos: qué se perdería y cómo confirmarlo o evitarlo."""
    lineas = _parrafo("Resultado: PENDIENTE DE CONFIRMACIÓN. Este envío quitaría datos de su envío anterior, "
                      "que sigue registrado sin cambios. No lo registramos hasta que usted lo confirme.")
    lineas += ["", "Lo que se perdería"] + _lo_que_se_perderia(envio.r.detalle or {}, envio.r.cambios or {})
    advertencias = _advertencias(envio)
    if advertencias:
        lineas += ["", "Además, revise (no impide el registro)"] + _problemas(envio, advertencias)
    lineas += ["", "Qué enviar de vuelta"]
    lineas += _parrafo("Si esos datos deben conservarse, agréguelos a su archivo y envíelo completo de nuevo. "
                       "Si deben quitarse, responda a este correo confirmándolo: entonces registraremos este "
                       "envío.")
    return lineas


def _lo_que_se_perderia(d: dict, c: dict) -> list[str]:
    from ..mostrar import visible

    lineas: list[str] = []
    for i, (texto, estatus) in (d.get("eliminados") or {}).items():
        lineas += _parrafo(f"- Acuerdo {i} ({estatus or 'sin estatus'}): {visible(texto)}", "    ", "  ")
    for i, estatus in (d.get("seguimiento_eliminado") or {}).items():
        lineas += _parrafo(f"- Seguimiento del acuerdo {i} (estatus reportado: {estatus or 'sin estatus'})",
                           "    ", "  ")
    for perdido in c.get("datos_perdidos") or []:
        lineas += _parrafo(f"- {visible(perdido[:1].upper() + perdido[1:])}", "    ", "  ")
    for clave, nombre in (("reuniones", "Reuniones"), ("medidas", "Medidas adicionales")):
        antes, despues = c.get(clave) or (0, 0)
        if despues < antes:
            lineas += _parrafo(f"- {nombre}: pasarían de {antes} a {despues}.", "    ", "  ")
    return lineas


def _recibido(envio: _Envio) -> list[str]:
    """Un envío registrado (o igual al que ya estaba): qué se registró, qué cambió, qué revisar."""
    r, d = envio.r, envio.r.detalle or {}
    if r.estado == "sin cambios":
        lineas = _parrafo("Resultado: RECIBIDO, SIN CAMBIOS. El archivo es igual al que ya teníamos registrado.")
    else:
        lineas = _parrafo("Resultado: RECIBIDO. Su informe del periodo quedó registrado"
                          + (", en lugar de su envío anterior." if r.respaldo else "."))
        lineas += ["", "Lo que registramos"] + _lo_registrado(d)
        if r.respaldo:
            lineas += _cambios_al_anterior(d)
    advertencias = _advertencias(envio)
    if advertencias:
        lineas += ["", "Revise (no impide el registro)"] + _problemas(envio, advertencias)
    lineas += ["", "Qué enviar de vuelta"]
    if advertencias:
        lineas += _parrafo("Nada es obligatorio. Si corrige lo anterior, envíe el archivo completo de nuevo; "
                           "reemplazará a este.")
    else:
        lineas += _parrafo("Nada. Si más adelante necesita corregir algo, envíe el archivo completo de nuevo; "
                           "reemplazará a este.")
    return lineas


def _lo_registrado(d: dict) -> list[str]:
    from ..mostrar import visible

    reuniones, medidas = d.get("reuniones"), d.get("medidas")
    lineas = ["- Reuniones: " + ("no se reportaron (la sección quedó comentada)" if reuniones is None
                                 else "ninguna en el periodo" if reuniones == 0 else str(reuniones)) + "."]
    agregados = d.get("agregados") or {}
    lineas.append(f"- Acuerdos nuevos: {len(agregados) or 'ninguno'}"
                  + (", con estos identificadores:" if agregados else "."))
    for i, (texto, estatus) in agregados.items():
        lineas += _acuerdo(i, visible(texto), estatus)
    lineas.append(f"- Seguimiento de acuerdos anteriores: {d.get('seguimiento') or 'ninguno'}.")
    lineas.append("- Medidas adicionales: " + ("no se reportaron" if medidas is None else
                                               "ninguna" if medidas == 0 else str(medidas)) + ".")
    return lineas


def _cambios_al_anterior(d: dict) -> list[str]:
    """Un reenvío registrado: las redacciones y los estatus que cambiaron respecto del envío anterior."""
    from ..mostrar import visible

    redaccion, estatus = d.get("redaccion") or {}, d.get("estatus") or {}
    if not (redaccion or estatus):
        return []
    lineas = ["", "Cambios respecto de su envío anterior"]
    for i, (antes, ahora) in redaccion.items():
        lineas += _parrafo(f"- Redacción del acuerdo {i} (conserva su identificador):", "    ", "  ")
        lineas += _parrafo(f"Antes: {visible(antes)}", "           ", "    ")
        lineas += _parrafo(f"Ahora: {visible(ahora)}", "           ", "    ")
    for i, (antes, ahora) in estatus.items():
        lineas += _parrafo(f"- Estatus del acuerdo {i}: {antes or 'sin estatus'} → {ahora or 'sin estatus'}.",
                           "    ", "  ")
    return lineas


def archivar(datos: Path, periodo: str, ruta: Path, r, texto: str | None, cuando: datetime | None = None) -> None:
    """Acuse de cada envío y, si se rechazó, la copia del envío tal como llegó. `texto`: el envío como texto
    (`recibir.texto_de`), si lo es, para citar sus líneas en el acuse."""
    cuando = cuando or datetime.now()
    from .almacen import carpeta_acuses, carpeta_rechazados

    sello = f"{cuando:%Y%m%d-%H%M%S}-{_abreviatura(r.entidad)}-{_nombre_seguro(ruta.name)}"
    # un envío con errores y uno pendiente de confirmación (un reenvío que quitaría datos y no se registró)
    # se guardan tal como llegaron: ninguno vive solo en el correo
    if r.estado in ("con errores", "rechazado"):
        from ..archivos import leer_entrada

        # la copia es del archivo mismo, nunca del destino de un enlace ni de una FIFO (que bloquearía);
        # de lo que no es un archivo común queda una copia vacía con el mismo sello, para que `estado` la cuente
        original, _ = leer_entrada(ruta, ruta.name, COPIA_MAXIMA)
        if original is not None and len(original) > COPIA_MAXIMA:  # ya rechazado por tamaño: el nombre lo dice
            original, sello_copia = original[:COPIA_MAXIMA], f"{sello}.primeros-{COPIA_MAXIMA >> 20}MiB"
        else:
            sello_copia = sello
        r.rechazado_en = str(_escribir(carpeta_rechazados(datos, periodo), sello_copia, original or b""))
    from .almacen import periodo_de

    try:
        registro = periodo_de(datos, periodo)
    except OSError:
        registro = None
    texto = texto_acuse(r, periodo, cuando, ruta.name, registro, texto)
    r.acuse = str(_escribir(carpeta_acuses(datos, periodo), sello + ".txt", texto.encode("utf-8")))


def fecha_de_sello(sello: str) -> str | None:
    """«07/12 14:03» (día y mes, como se escribe en México) del sello «20261207-140312» de un acuse."""
    try:
        cuando = datetime.strptime(sello[:15], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return f"{cuando:%d/%m}\u00a0{cuando:%H:%M}"  # el espacio duro: la hora no se separa de su día


@dataclass(slots=True)
class Rechazo:
    ruta: Path
    cuando: datetime
    abreviatura: str | None


def rechazos(datos: Path, periodo: str) -> list[Rechazo]:
    from .almacen import carpeta_rechazados

    carpeta = carpeta_rechazados(datos, periodo)
    salida = []
    if not carpeta.is_dir():
        return salida
    for ruta in sorted(carpeta.iterdir()):
        m = re.match(r"(\d{8}-\d{6})-(sin-entidad|[A-Z]+)-", ruta.name)
        if m:
            salida.append(Rechazo(ruta, datetime.strptime(m[1], "%Y%m%d-%H%M%S"),
                                  None if m[2] == "sin-entidad" else m[2]))
    return salida
