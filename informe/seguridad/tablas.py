"""Las tablas de terminal de la familia de seguridad: resumen, diff, recepciones, estado, acuerdos,
importación. A 80 columnas; todo texto que viene de los datos pasa por `mostrar.visible`.
"""

from __future__ import annotations

from pathlib import Path
from shlex import quote

from ..lengua import plural
from ..cli_comun import opcion_datos  # noqa: F401  (la usan las órdenes de la familia)
from ..mostrar import entero, nombre_visible, renglon_de_orden, visible


def resumen_rich(r, consola) -> None:
    """Las cifras del periodo como tablas de Rich."""
    from rich.table import Table

    from ..renderizar import numero as _n  # el mismo «no reportado» y separador de miles que el informe

    from rich import box

    titulo = f"{r.ordinal}{' y último' if r.ultimo else ''} informe · {r.periodo} ({_dia_mes(r.inicio)} a {_dia_mes(r.fin)})"
    # sin bordes arriba ni abajo y cada desglose por estatus en un renglón: cabe en 24 renglones
    t = Table(title=titulo, show_header=True, header_style="bold", box=box.SIMPLE_HEAD, show_edge=False)
    t.add_column("Cifra")
    t.add_column("Valor", justify="right")
    t.add_row("Reuniones federales", _n(None if r.federal is None else len(r.federal)))
    t.add_row("JLE incorporadas a su mesa", _n(r.mesas["instaladas"]))
    reu = r.reuniones
    t.add_row("Reuniones estatales", _n(reu["total"]))
    t.add_row("Entidades con reuniones", _n(reu["entidades"]))
    rango = "no reportado" if reu["asistentes_min"] is None else f"{reu['asistentes_min']:,} a {reu['asistentes_max']:,}"
    t.add_row("Asistentes por reunión", rango)
    if r.temas["porcentajes"]:
        for tipo, pct in r.temas["porcentajes"].items():
            t.add_row(f"Temas: {tipo}", f"{r.temas['por_tipo'][tipo]:,} ({pct:.1f}%)")
    else:
        t.add_row("Temas", "no reportado")
    for titulo_, acuerdos in (("Acuerdos del periodo", r.acuerdos), ("Acuerdos de informes anteriores",
                                                                    r.acuerdos_anteriores)):
        t.add_row(titulo_, _n(acuerdos["total"]))
        desglose = [f"{_n(n)} {estatus}" for estatus, n in (acuerdos["por_estatus"] or {}).items() if n]
        if desglose:
            t.add_row("  " + " · ".join(desglose), "")
    t.add_row("Medidas adicionales", _n(r.medidas["total"]))
    s = r.solicitudes or {}
    t.add_row("Solicitudes de seguridad recibidas", _n(s.get("recibidas")))
    t.add_row("  canalizadas a la SSPC", _n(s.get("sspc")))
    t.add_row("  canalizadas a los OPL", _n(s.get("opl")))
    consola.print(t)


def _dia_mes(fecha) -> str:
    """«24/04/2024»: día, mes y año, como se escribe en México."""
    texto = str(fecha)
    return f"{texto[8:10]}/{texto[5:7]}/{texto[:4]}" if len(texto) == 10 and texto[4] == "-" else texto


def abreviaturas(catalogos) -> dict[str, str]:
    """Nombre → abreviatura de cada estatus del catálogo (y de «desaparecido»), para las tablas angostas."""
    from .diferencias import DESAPARECIDO

    return {**{e.nombre: e.abreviatura for e in catalogos.registros}, DESAPARECIDO: "Desap."}


def _etiquetas_de_filas(matriz: dict[str, dict[str, int]], abreviatura: dict[str, str], ancho: int):
    """Cada fila de la matriz con el nombre entero de su estatus si la tabla cabe así; si no (estatus
    agregados con nombres largos), con su abreviatura, como las columnas: Rich recortaba los encabezados
    («Pla…») o dejaba fuera la columna del total, y las filas «Agregado núm…» no se distinguían."""
    columnas = list(matriz["Total"])
    # cada columna ocupa su ancho, su relleno y el separador
    cifras = sum(2 + max(len(abreviatura.get(c, c)), *(len(f"{v[c]:,}") for v in matriz.values())) for c in columnas)
    if 1 + max(len(f) for f in matriz) + cifras <= ancho:
        return lambda fila: fila
    return lambda fila: abreviatura.get(fila, fila)


def diff_rich(d: dict, consola) -> None:
    """Matriz de transición y listas de `informe diff` en 80 columnas, sin cortar etiquetas ni cifras."""
    import textwrap

    from rich import box
    from rich.table import Table
    from rich.text import Text

    from . import catalogos as cat
    from .diferencias import con_registros

    abreviatura = abreviaturas(getattr(d, "catalogos", cat.BASE))
    d = con_registros(d)
    columnas = list(d["matriz"]["Total"])
    consola.print(Text(f"Acuerdos: estatus al corte de {d['desde']} (filas) y de {d['hasta']} (columnas)",
                       style="bold"))
    # los encabezados abreviados con su leyenda: completos, seis columnas de cifras no caben en 80 y Rich
    # los cortaba («Planeaci…»); las filas llevan el nombre entero
    t = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
    t.add_column("", no_wrap=True)
    for c in columnas:
        t.add_column(visible(abreviatura.get(c, c)), justify="right", no_wrap=True)
    etiqueta = _etiquetas_de_filas(d["matriz"], abreviatura, consola.width)
    for fila, valores in d["matriz"].items():
        t.add_row(visible(etiqueta(fila)), *(f"{valores[c]:,}" for c in columnas),
                  style="bold" if fila == "Total" else None)
    consola.print(t)
    consola.print(" · ".join(entero(visible(f"{abreviatura[c]}: {c}")) for c in columnas if c in abreviatura)
                  + ".", markup=False, style="dim")
    for clave, titulo, estilo in (("retrocedieron", "Retrocedieron", "bold red"), ("concluyeron", "Se concluyeron", "green"),
                                  ("sin_avance", f"Sin avance en {_cuantos(d['sin_avance_minimo'], 'informe')} o más", "yellow"),
                                  ("nuevos", "Nuevos", None), ("desaparecidos", "Desaparecieron (pérdida de datos)", "bold red")):
        filas = d[clave]
        consola.print(Text(f"{titulo}: {len(filas):,}", style=estilo or ""))
        if clave in ("retrocedieron", "desaparecidos", "sin_avance") and filas:
            # el id ya nombra la entidad (CHIS-…); el acuerdo se parte entre palabras y los estatus van
            # abreviados como en la matriz: así caben en 80 columnas sin cortar ids ni estatus
            lista = Table(show_header=True, header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                          show_edge=False, padding=(0, 1, 0, 0))
            lista.add_column("Id", no_wrap=True)
            lista.add_column("Acuerdo", overflow="fold", ratio=1)
            lista.add_column("Antes", no_wrap=True)
            lista.add_column("Ahora", no_wrap=True)
            for m in filas:
                # recortado entre palabras: el texto completo está en `informe acuerdos --buscar ID`
                texto = con_propios(textwrap.shorten(m["descripcion"], 140, placeholder=" …"), m)
                lista.add_row(m["id"], Text(visible(texto)), *(visible(abreviatura.get(e or "", e or "—"))
                                                                for e in (m["estatus_desde"], m["estatus_hasta"])))
            consola.print(lista)


def con_propios(texto: str, acuerdo: dict) -> str:
    """El texto de un acuerdo de `diff` con sus campos propios (formato.py), si los trae: «… (responsable: X)»."""
    from .formato import campos_propios

    propios = "; ".join(f"{(c.etiqueta or c.nombre).lower()}: {acuerdo[c.nombre]}" for c in campos_propios()
                        if acuerdo.get(c.nombre) is not None)
    return f"{texto} ({propios})" if propios else texto


# Lo que ve el analista de cada envío (en JSON sigue el estado interno): «con errores» es lo que la JLE
# lee como rechazado; «rechazado» (un reenvío que quitaría datos) espera la confirmación de la DEOE.
ETIQUETA_RECEPCION = {"guardado": "guardado", "sin cambios": "sin cambios", "con errores": "rechazado",
                      "rechazado": "no guardado", "repetido": "repetido", "ya registrado": "ya registrado",
                      "no es envío": "no es envío"}
_ESTILO_RECEPCION = {"guardado": "green", "sin cambios": "cyan", "con errores": "bold red", "rechazado": "bold yellow",
                     "repetido": "dim", "ya registrado": "dim", "no es envío": "dim"}
# Con más archivos que estos, `recibir` da un renglón solo a los que piden algo y resume los demás: la
# pantalla de 80×24 conserva el resumen
RENGLONES_DE_RECEPCION = 8


def _cuantos(n: int, singular: str, plural: str | None = None) -> str:
    from ..lengua import plural as _plural

    return f"{n} {_plural(n, singular, plural)}"


def _lista(problemas) -> str:
    """Los dos primeros códigos, con su línea, y cuántos más."""
    primeros = [p.codigo + (f" (línea {p.linea})" if p.linea else "") for p in problemas[:2]]
    return ", ".join(primeros) + (f" y {len(problemas) - 2} más" if len(problemas) > 2 else "")


def _detalle_recepcion(r) -> str:
    """Lo que pasó con un envío, en pocas palabras: el detalle completo está en su acuse."""
    if r.estado == "repetido":
        igual = Path(r.igual_a)
        mismo = igual.parent == Path(r.archivo).parent
        return f"igual a {nombre_visible(igual.name if mismo else r.igual_a)}: cuenta como un solo envío"
    if r.estado in ("ya registrado", "no es envío"):
        return r.motivo or ""
    if r.estado == "con errores":
        errores = [p for p in r.problemas if p.severidad == "error"]
        explica = f", que explica {len(r.consecuencias)} más" if getattr(r, "consecuencias", None) else ""
        return f"{_cuantos(len(errores), 'error', 'errores')}: {_lista(errores)}{explica}"
    if r.estado == "rechazado":
        return _detalle_pendiente(r.cambios or {})
    if r.estado == "sin cambios":
        return "igual al envío anterior"
    return _detalle_guardado(r)


def _detalle_pendiente(c: dict) -> str:
    """Un reenvío que no se guardó: qué quitaría y cómo confirmarlo."""
    perdidos = [f"acuerdo {i}" for i in c.get("acuerdos_eliminados", [])] + \
               [f"seguimiento de {i}" for i in c.get("seguimiento_eliminado", [])]
    otros = len(c.get("datos_perdidos", []))
    if otros:
        perdidos.append(f"{_cuantos(otros, 'dato más', 'datos más')} (vea el acuse)" if perdidos
                        else f"{_cuantos(otros, 'dato', 'datos')} (vea el acuse)")
    return (f"quitaría del envío anterior: {', '.join(perdidos) or 'reuniones o medidas'}; si la JLE lo "
            "confirma, repita con --reemplazar")


def _detalle_guardado(r) -> str:
    """Un envío guardado: qué cambió respecto del anterior (resumido) y sus advertencias."""
    c, partes = r.cambios or {}, []
    for clave, titulo in (("acuerdos_agregados", "acuerdos nuevos"), ("acuerdos_modificados", "redacción corregida"),
                          ("acuerdos_eliminados", "acuerdos quitados"), ("seguimiento_eliminado", "seguimiento quitado")):
        ids = c.get(clave) or []
        if len(ids) > 2:  # el renglón es un resumen: la lista completa va en el acuse
            partes.append(f"{titulo}: {len(ids)} ({ids[0]} a {ids[-1]})")
        elif ids:
            partes.append(f"{titulo}: {', '.join(ids)}")
    if c.get("estatus_cambiados"):
        partes.append(_cuantos(len(c["estatus_cambiados"]), "estatus cambiado", "estatus cambiados"))
    for perdido in c.get("datos_perdidos", []):
        partes.append(f"cambia {visible(perdido.split(':')[0])}")
    if r.respaldo:
        partes.append("sustituye al envío anterior")
    advertencias = [p for p in r.problemas if p.severidad != "error"]
    if advertencias:
        partes.append(f"{_cuantos(len(advertencias), 'advertencia')}: {_lista(advertencias)}")
    return ", ".join(partes) or "registrado"


def recepciones_texto(recepciones, consola, periodo: str | None = None, datos=None) -> None:
    """Un renglón por archivo («archivo → Entidad: resultado (detalle)») y un resumen que suma."""
    from collections import Counter

    from ..mostrar import imprimir

    if len(recepciones) <= RENGLONES_DE_RECEPCION:
        for r in recepciones:
            imprimir(consola, _renglon_de_recepcion(r), 4)
    else:
        _recepciones_que_piden_algo(recepciones, consola)
    conteo = Counter(r.estado for r in recepciones)
    # un archivo con los informes de dos entidades es un archivo y dos envíos
    imprimir(consola, _resumen_de_recepciones(len({r.archivo for r in recepciones}), conteo), 2)
    _avisos_de_recepciones(recepciones, conteo, consola)
    if periodo:
        from ..mostrar import imprimir_orden

        imprimir_orden(consola, "Siguiente paso:", f"informe estado --periodo {periodo}{opcion_datos(datos)}")


def _recepciones_que_piden_algo(recepciones, consola) -> None:
    """Muchos archivos: un renglón, sin partir, por cada uno que pide algo (la causa; el resto, en su
    acuse), y los demás en una línea por resultado."""
    from collections import Counter

    from rich.text import Text

    from ..mostrar import imprimir

    for r in recepciones:
        if r.estado in ("con errores", "rechazado"):
            consola.print(_renglon_corto(r, consola.width), soft_wrap=True, highlight=False)
    for estado_ in ("guardado", "sin cambios", "ya registrado", "repetido", "no es envío"):
        nombres = Counter(nombre_visible(Path(r.archivo).name) if r.estado == "no es envío" else r.entidad or "?"
                          for r in recepciones if r.estado == estado_)
        if nombres:
            etiqueta = ETIQUETA_RECEPCION[estado_]
            lista = ", ".join(entero(n) + (f" ({k} archivos)" if k > 1 else "") for n, k in nombres.items())
            imprimir(consola, Text(f"{etiqueta[:1].upper()}{etiqueta[1:]} ({nombres.total()}): ", style="bold")
                     + Text(lista + "."), 2)


def _renglon_corto(r, ancho: int):
    """«Durango: rechazado, formulario-sin-llenar (correo/durango.yaml)»: la causa entera, y el archivo
    recortado si no cabe."""
    from rich.text import Text

    linea = Text(f"{r.entidad or 'Sin entidad'}: ")
    linea.append(ETIQUETA_RECEPCION[r.estado], style=_ESTILO_RECEPCION[r.estado])
    if r.estado == "con errores":
        errores = [p for p in r.problemas if p.severidad == "error"]
        mas = len(errores) - 1 + len(r.consecuencias)
        linea.append(f", {errores[0].codigo if errores else 'vea el acuse'}" + (f" y {mas} más" if mas > 0 else ""))
    else:
        linea.append(", quitaría datos: espera --reemplazar")
    archivo = f" ({nombre_visible(r.archivo)})"
    resto = ancho - 1 - linea.cell_len
    if resto >= 8:
        linea.append(archivo if len(archivo) <= resto else archivo[:resto - 2] + "…)", style="dim")
    return linea


def _renglon_de_recepcion(r):
    from rich.text import Text

    linea = Text(nombre_visible(r.archivo))
    if r.estado != "no es envío":  # la firma de un correo no es de ninguna entidad
        linea.append(f" → {r.entidad}" if r.entidad else " → entidad no identificada")
    linea.append(": ")
    linea.append(ETIQUETA_RECEPCION[r.estado], style=_ESTILO_RECEPCION[r.estado])
    linea.append(f", {_detalle_recepcion(r)}")
    return linea


def _resumen_de_recepciones(archivos: int, conteo) -> str:
    """«N archivos, M envíos: …», que suma lo que dicen los renglones (los envíos nuevos: ni los repetidos,
    ni los ya registrados, ni lo que no es envío)."""
    envios = sum(conteo[e] for e in ("guardado", "sin cambios", "con errores", "rechazado"))
    partes = [f"{conteo[e]} {ETIQUETA_RECEPCION[e]}{'s' if conteo[e] != 1 and e != 'sin cambios' else ''}"
              for e in ("guardado", "sin cambios", "con errores", "rechazado") if conteo[e]]
    resumen = f"{_cuantos(archivos, 'archivo')}, {_cuantos(envios, 'envío')}: {', '.join(partes) or 'ninguno nuevo'}"
    aparte = [texto for n, texto in (
        (conteo["repetido"], _cuantos(conteo["repetido"], "archivo repetido", "archivos repetidos") + ", sin acuse propio"),
        (conteo["ya registrado"], _cuantos(conteo["ya registrado"], "ya registrado", "ya registrados") + ", sin acuse nuevo"),
        (conteo["no es envío"], _cuantos(conteo["no es envío"], "archivo que no es envío", "archivos que no son envíos")))
        if n]
    return resumen + (f" ({'; '.join(aparte)})" if aparte else "") + "."


def _avisos_de_recepciones(recepciones, conteo, consola) -> None:
    """Los envíos sin entidad, qué dicen los acuses y dónde quedaron."""
    from ..mostrar import imprimir

    sin_entidad = [r for r in recepciones if r.estado not in ("repetido", "no es envío") and r.entidad is None]
    if sin_entidad:
        imprimir(consola, f"{_cuantos(len(sin_entidad), 'archivo')} sin entidad identificada: su acuse va a quien "
                          "lo envió.", 2, "yellow")
    if conteo["con errores"] or conteo["rechazado"]:
        imprimir(consola, "Cada acuse dice a la JLE qué corregir, línea por línea, y qué enviar de vuelta.", 2)
    acuses = {str(Path(r.acuse).parent) for r in recepciones if r.acuse}
    if acuses:
        imprimir(consola, f"Acuses para devolver a las JLE: {nombre_visible(', '.join(sorted(acuses)))}/", 2, "dim")


ETIQUETA_ESTADO = {"recibido": "recibido", "con advertencias": "advertencias", "con errores": "con errores",
                   "rechazado": "rechazado", "falta": "falta"}
_ESTILO_ESTADO = {"recibido": "green", "con advertencias": "yellow", "con errores": "bold red", "rechazado": "bold red",
                  "falta": "red"}


def estado_rich(filas, periodo: str, datos, consola, todas: bool = False, sin_entidad: int = 0,
                faltan_: str = "faltan") -> dict[str, int]:
    """La entrega de las 32 JLE en una pantalla de 80×24: primero los conteos (que suman 32), después solo
    las entidades que piden algo (rechazadas, con errores, faltantes); `todas`: la tabla completa."""
    from rich.text import Text

    federal = [f for f in filas if not f.abreviatura]  # la fila sin abreviatura es la parte federal de la DEOE
    filas = [f for f in filas if f.abreviatura]
    conteo = {e: sum(f.estado == e for f in filas) for e in _ESTILO_ESTADO}
    # la cabecera (el título, los conteos, la parte federal) y el pie se componen antes: la bandeja usa los
    # renglones que dejan
    with consola.capture() as captura:
        consola.print(Text(f"Entrega de las JLE · periodo {periodo}", style="bold"))
        _conteos_de_entrega(len(filas), conteo, federal, faltan_, consola)
    cabecera = captura.get()
    with consola.capture() as captura:
        consola.print()
        _pie_de_estado(periodo, datos, conteo, sin_entidad, todas, consola)
    pie = captura.get()
    consola.file.write(cabecera)
    if todas:
        _estado_de_todas(filas, consola)
    else:
        _lo_que_pide_algo(filas, faltan_, consola, periodo, datos,
                          PANTALLA - len(cabecera.splitlines()) - len(pie.splitlines()))
    consola.file.write(pie)
    for f in federal:  # cuenta para el código de salida como una entrega más
        conteo[f.estado] += 1
    return conteo


def _fecha_corta(f) -> str:
    """«07/12 14:03»: día y mes, como se escriben en México (el año es el del periodo)."""
    if not f.recibido:
        return "—"
    _, mes, dia = f.recibido[:10].split("-")
    return f"{dia}/{mes}{f.recibido[10:]}"


def _conteos_de_entrega(total: int, conteo: dict[str, int], federal: list, faltan_: str, consola) -> None:
    """«32 JLE: 30 recibidas (1 con advertencias), 1 rechazada, 1 falta.» y la parte federal."""
    from ..mostrar import imprimir

    recibidas = conteo["recibido"] + conteo["con advertencias"]
    partes = [f"{recibidas} {'recibida' if recibidas == 1 else 'recibidas'}"
              + (f" ({conteo['con advertencias']} con advertencias)" if conteo["con advertencias"] else "")]
    if conteo["rechazado"]:
        partes.append(f"{conteo['rechazado']} {'rechazada' if conteo['rechazado'] == 1 else 'rechazadas'}")
    if conteo["con errores"]:
        partes.append(f"{conteo['con errores']} con errores en el archivo guardado")
    singular = "falta" if faltan_ == "faltan" and conteo["falta"] == 1 else faltan_
    partes.append(f"{conteo['falta']} {singular}")
    imprimir(consola, f"{total} JLE: " + ", ".join(partes) + ".", 2)
    for f in federal:
        imprimir(consola, "Parte federal de la DEOE (federal.yaml): " + (
            "falta." if f.estado == "falta" else "con errores." if f.estado == "con errores" else "recibida."), 2)


def _estado_de_todas(filas, consola) -> None:
    """`estado --todas`: una fila por entidad con sus cifras y su leyenda."""
    from rich import box
    from rich.table import Table

    from ..mostrar import imprimir

    # sin relleno: el separador de columnas de SIMPLE_HEAD ya deja un espacio, y así caben 9 columnas en 80
    t = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, padding=0, show_edge=False)
    for c, just in (("Entidad", "left"), ("Estado", "left"), ("Fecha", "left"), ("Acu.", "right"),
                    ("Seg.", "right"), ("Reun.", "right"), ("Err.", "right"), ("Adv.", "right"),
                    ("Rech.", "right")):
        t.add_column(c, justify=just, no_wrap=True)
    n = lambda x: "—" if x is None else str(x)  # noqa: E731
    for f in filas:
        guardado = f.estado not in ("falta", "rechazado")
        reuniones = "n/r" if f.reuniones is None and guardado else n(f.reuniones)
        t.add_row(visible(f.entidad), ETIQUETA_ESTADO[f.estado], _fecha_corta(f), n(f.acuerdos), n(f.seguimiento),
                  reuniones, str(f.errores) if guardado else "—", str(f.advertencias) if guardado else "—",
                  str(f.rechazos), style=_ESTILO_ESTADO[f.estado])
    consola.print(t)
    imprimir(consola, "Acu.: acuerdos del periodo · Seg.: seguimiento de anteriores · Reun.: reuniones (n/r: "
                      "no las reportó) · Err./Adv.: errores y advertencias del archivo guardado · Rech.: envíos "
                      "rechazados.", 2, "dim")


PANTALLA = 23  # renglones de la terminal menos el del prompt: el título y los conteos, arriba, no se van
_LISTAS = ("Faltan", "No mencionadas", "Recibidas", "Sin llenar")  # los bloques que son listas de nombres


def _grupo(f) -> str:
    """El grupo de la bandeja de una JLE: lo último que envió manda sobre lo que tiene guardado."""
    if (f.motivo or "").startswith("formulario-sin-llenar"):
        return "sin llenar"
    if f.ultimo == "rechazado":
        return "pendientes"
    if f.estado in ("rechazado", "con errores") or f.ultimo == "con errores":
        return "rechazadas"
    return "faltan" if f.estado == "falta" else "recibidas"


def _grupos(filas) -> dict[str, list]:
    grupos: dict[str, list] = {g: [] for g in ("rechazadas", "sin llenar", "pendientes", "recibidas", "faltan")}
    for f in filas:
        grupos[_grupo(f)].append(f)
    return grupos


def _bandeja(filas, faltan_: str, periodo: str, datos, ancho: int) -> list:
    """Sin --todas, por grupo: las rechazadas con su causa en un renglón, las de formulario sin llenar, los
    reenvíos pendientes de confirmación con lo que quitarían y la orden que los registra, las recibidas y
    las que faltan. Devuelve los bloques de renglones (rich.Text)."""
    from rich.text import Text

    from ..mostrar import envolver

    def nombres(titulo: str, lista: list, cola: str = "") -> list:
        return envolver(Text(f"{titulo} ({len(lista)}): ", style="bold")
                        + Text(", ".join(entero(visible(f.entidad)) for f in lista) + "." + cola), ancho, 2)

    g = _grupos(filas)
    bloques = []
    if g["rechazadas"]:
        columna = max(len(visible(f.entidad)) for f in g["rechazadas"])
        bloques.append([Text(f"Rechazadas ({len(g['rechazadas'])}): lo último que enviaron no se registró",
                             style="bold")] + [_renglon_de_estado(f, ancho, columna) for f in g["rechazadas"]])
    if g["sin llenar"]:
        bloques.append(nombres("Sin llenar", g["sin llenar"], " El formulario volvió tal como se envió."))
    if len(g["pendientes"]) <= 2:
        bloques += [_bloque_pendiente(f, periodo, datos, ancho) for f in g["pendientes"]]
    else:  # muchos: sus nombres y la orden que los registra todos (cada acuse dice qué se perdería)
        bloques.append(nombres("Pendientes de confirmación", g["pendientes"], " Si las JLE lo confirman:")
                       + [Text(renglon_de_orden(f"informe recibir {quote(f'{visible(datos)}/{periodo}/pendientes')} "
                                                f"-p {periodo}{opcion_datos(datos)} --reemplazar", 2, ancho))])
    if g["recibidas"]:
        avisos = sum(f.estado == "con advertencias" for f in g["recibidas"])
        bloques.append(nombres("Recibidas", g["recibidas"], f" {avisos} con advertencias (no impiden compilar)."
                               if avisos else ""))
    if g["faltan"]:
        bloques.append(nombres(f"{faltan_[:1].upper()}{faltan_[1:]}", g["faltan"]))
    return bloques


def _bloque_pendiente(f, periodo: str, datos, ancho: int) -> list:
    """Un reenvío pendiente de confirmación: qué quitaría y la orden, entera, que lo registra."""
    from rich.text import Text

    from ..mostrar import envolver

    texto = Text(f"Pendiente de confirmación ({visible(f.entidad)}): ", style="bold") + Text(
        f"su reenvío del {_fecha_corta(f)} {visible(f.motivo or 'quitaría datos')}; sigue el anterior.")
    if not f.copia:
        return envolver(texto, ancho, 2)
    # la ruta entre comillas si hace falta, y la orden sin sangría si así no cabe: se pega entera
    orden = (f"informe recibir {quote(f'{visible(datos)}/{periodo}/{visible(f.copia)}')} -p {periodo}"
             f"{opcion_datos(datos)} --reemplazar")
    return envolver(texto + Text(" Si la JLE lo confirma:"), ancho, 2) + [Text(renglon_de_orden(orden, 2, ancho))]


def _en_un_renglon(bloque: list, ancho: int) -> list:
    """Una lista de nombres que no cabe, en un renglón: «Faltan (26): Aguascalientes, … Zacatecas» se
    recorta entre nombres (--todas las muestra todas)."""
    from rich.text import Text

    plano = " ".join(r.plain.strip() for r in bloque).replace("\u00a0", " ")
    titulo, _, resto = plano.partition(": ")
    return [recortar(Text(f"{titulo}: ", style="bold"), resto, ancho)]


def _renglon_de_estado(f, ancho: int, columna: int):
    """«Veracruz  07/12 14:03  entidades-varias: El archivo trae…», cortado a un renglón."""
    from rich.text import Text

    renglon = Text(f"  {visible(f.entidad):<{columna}}  {_fecha_corta(f):<11}  ",
                   style=_ESTILO_ESTADO.get(f.estado, ""))
    motivo = f.motivo or ("archivo guardado con errores (vea informe validar)" if f.estado == "con errores"
                          else "vea su acuse")
    return recortar(renglon, visible(motivo, una_linea=True), ancho)


def recortar(inicio, texto: str, ancho: int):
    """`inicio` + `texto` en un renglón de `ancho`: si no cabe, se corta entre palabras y termina en «…»
    (el detalle completo está en el acuse)."""
    espacio = ancho - inicio.cell_len
    if len(texto) > espacio:
        corte = texto.rfind(" ", 0, max(espacio - 1, 1))
        texto = (texto[:corte] if corte > 0 else texto[:max(espacio - 1, 0)]).rstrip(" ,;:") + "…"
    inicio.append(texto)
    return inicio


def _lo_que_pide_algo(filas, faltan_: str, consola, periodo: str = "", datos=None, disponibles: int = PANTALLA) -> None:
    """La bandeja, en los renglones `disponibles`: si no cabe, la lista de las que faltan va en un renglón,
    los grupos sin renglón en blanco entre ellos y, al final, las rechazadas se acortan con un renglón que
    dice cuántas más muestra --todas."""
    from rich.text import Text

    bloques = _bandeja(filas, faltan_, periodo, datos, consola.width)
    separar = True

    def total() -> int:
        return sum(len(b) + separar for b in bloques)

    for i in reversed(range(len(bloques))):  # las listas de nombres, en un renglón, de la última a la primera
        if total() > disponibles and len(bloques[i]) > 1 and bloques[i][0].plain.startswith(_LISTAS):
            bloques[i] = _en_un_renglon(bloques[i], consola.width)
    if total() > disponibles:
        separar = False
    if bloques and bloques[0][0].plain.startswith("Rechazadas") and total() > disponibles:
        filas_ = len(bloques[0]) - 1
        quedan = max(filas_ - (total() - disponibles) - 1, 1)
        bloques[0] = bloques[0][:1 + quedan] + [Text(f"  … y {filas_ - quedan} más (vea --todas, abajo).",
                                                     style="dim")]
    for bloque in bloques:
        if separar:
            consola.print()
        for renglon in bloque:
            consola.print(renglon, soft_wrap=True, highlight=False)


def _pie_de_estado(periodo: str, datos, conteo: dict[str, int], sin_entidad: int, todas: bool, consola) -> None:
    """Los rechazos sin entidad, dónde están los acuses por enviar y cómo ver todas las entidades."""
    from . import bandeja as bj
    from ..mostrar import imprimir, imprimir_orden

    if sin_entidad:  # ni su línea «entidad:», ni su nombre, ni su carpeta dicen de quién es
        imprimir(consola, f"Además, {_cuantos(sin_entidad, 'envío rechazado', 'envíos rechazados')} sin entidad "
                          f"identificada: {visible(datos)}/{periodo}/rechazados/ (nombre con «sin-entidad»).", 2,
                 "yellow")
    if conteo["rechazado"] or conteo["con errores"] or sin_entidad:
        anteriores = bj.anteriores(datos, periodo)
        imprimir(consola, f"Acuses por enviar, uno por JLE: {visible(datos)}/{periodo}/acuses/"
                 + (f" ({_cuantos(anteriores, 'anterior, ya reemplazado,', 'anteriores, ya reemplazados,')} en "
                    f"{bj.ANTERIORES}/)"
                    if anteriores else ""), 2, "dim")
    if not todas:
        imprimir_orden(consola, "Todas las entidades, con sus cifras:",
                       f"informe estado --periodo {periodo}{opcion_datos(datos)} --todas", "dim")


def acuerdos_rich(filas, periodo: str, consola, catalogos=None) -> None:
    """Un acuerdo por bloque: cabe en 80 columnas sin cortar el texto, que es lo que se busca. Cada estatus
    con el estilo de su registro (`catalogos`: los del proceso)."""
    from collections import Counter

    from rich.text import Text

    from . import catalogos as cat
    from .consulta import historia_texto
    from .formato import campos_propios

    catalogos = catalogos or cat.BASE
    sin = catalogos.sin_estatus.nombre
    estilos = {e.nombre: e.estilo_terminal for e in catalogos.registros}
    for f in filas:
        estatus = f.estatus or sin
        cabeza = Text(f"{f.id}", style="bold")
        cabeza.append(f" · {cat.POR_ABREVIATURA[f.entidad].corto} · ")
        cabeza.append(visible(estatus), style=estilos.get(estatus, ""))
        cabeza.append(f" (último reporte: {f.actualizado})", style="dim")
        consola.print(cabeza)
        # sangría de dos espacios también en las líneas que Rich parte
        consola.print(Text(_sangrado(visible(" ".join(f.descripcion.split())), consola.width)))
        for campo in campos_propios():  # lo que declara formato.py, con su etiqueta, si el acuerdo lo trae
            if f.propios.get(campo.nombre) is not None:
                texto = f"{(campo.etiqueta or campo.nombre).lower()}: {f.propios[campo.nombre]}"
                consola.print(Text(_sangrado(visible(" ".join(str(texto).split())), consola.width), style="dim"))
        historia = historia_texto(f)
        if " → " in historia:  # solo si el estatus cambió alguna vez
            consola.print(Text(_sangrado(f"historia: {historia}", consola.width), style="dim"))
    conteo = Counter(f.estatus or sin for f in filas)
    detalle = ", ".join(f"{conteo[e]} {visible(e)}" for e in catalogos.claves() if conteo[e])
    consola.print(f"{len(filas)} {plural(len(filas), 'acuerdo')} al corte de {periodo}"
                  + (f": {detalle}." if detalle else "."), markup=False)


def _sangrado(texto: str, ancho: int) -> str:
    """Texto partido por palabras a lo ancho de la terminal, con dos espacios de sangría y sin relleno."""
    import textwrap

    return textwrap.fill(texto, width=max(ancho, 40), initial_indent="  ", subsequent_indent="  ",
                         break_long_words=True, break_on_hyphens=False)


def importacion_rich(resultados, avisos: list[str], titulo: str, consola) -> None:
    """Lo que `informe importar` escribió por entidad, con sus filas por estatus y los avisos."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from . import catalogos as cat

    # como en `diff`: nombres enteros y estatus abreviados con su leyenda, para que quepa en 80 columnas
    consola.print(Text(titulo, style="bold"))
    t = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
    # importar lee los anexos publicados con los catálogos de base (`catalogos.buscar_estatus`)
    abreviatura = abreviaturas(cat.BASE)
    estatus = cat.BASE.claves()
    for columna in ("Entidad", "Resultado", *(abreviatura[e] for e in estatus), "Dudosas"):
        t.add_column(columna, justify="left" if columna in ("Entidad", "Resultado") else "right", no_wrap=True)
    for r in resultados:
        t.add_row(cat.POR_ABREVIATURA[r.entidad].corto, "sustituido" if r.respaldo else r.accion,
                  *(str(r.por_estatus[k]) for k in estatus), str(r.dudosas))
    consola.print(t)
    consola.print(" · ".join(entero(f"{abreviatura[e]}: {e}") for e in estatus)
                  + " · Dudosas: filas de atribución dudosa.", markup=False, style="dim")
    total = sum(sum(r.por_estatus.values()) for r in resultados)
    consola.print(f"{total} filas de {len(resultados)} entidades.", markup=False)
    for aviso in avisos:
        consola.print(f"aviso: {visible(aviso)}", markup=False, highlight=False)
