"""Las tablas de terminal de la familia de seguridad: resumen, diff, recepciones, estado, acuerdos,
importación. A 80 columnas; todo texto que viene de los datos pasa por `mostrar.visible`.
"""

from __future__ import annotations

from ..mostrar import nombre_visible, problemas_texto, visible


def resumen_rich(r, consola) -> None:
    """Las cifras del periodo como tablas de Rich."""
    from rich.table import Table

    from ..renderizar import numero as _n  # el mismo «no reportado» y separador de miles que el informe

    titulo = f"{r.ordinal}{' y último' if r.ultimo else ''} informe · {r.periodo} ({r.inicio} a {r.fin})"
    t = Table(title=titulo, show_header=True, header_style="bold")
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
    t.add_row("Acuerdos del periodo", _n(r.acuerdos["total"]))
    for estatus, n in r.acuerdos["por_estatus"].items():
        if n is not None:
            t.add_row(f"  {estatus}", _n(n))
    t.add_row("Acuerdos de informes anteriores", _n(r.acuerdos_anteriores["total"]))
    for estatus, n in (r.acuerdos_anteriores["por_estatus"] or {}).items():
        t.add_row(f"  {estatus}", _n(n))
    t.add_row("Medidas adicionales", _n(r.medidas["total"]))
    s = r.solicitudes or {}
    t.add_row("Solicitudes de seguridad recibidas", _n(s.get("recibidas")))
    t.add_row("  canalizadas a la SSPC", _n(s.get("sspc")))
    t.add_row("  canalizadas a los OPL", _n(s.get("opl")))
    consola.print(t)


def diff_rich(d: dict, consola) -> None:
    """Matriz de transición y listas de `informe diff` como tablas de Rich."""
    from rich.table import Table
    from rich.text import Text

    from .diferencias import con_registros

    d = con_registros(d)
    t = Table(title=f"Acuerdos: estatus al corte de {d['desde']} (filas) y de {d['hasta']} (columnas)",
              header_style="bold")
    columnas = ["Planeación", "En proceso", "Concluido", "Sin estatus", "desaparecido", "Total"]
    t.add_column("")
    for c in columnas:
        t.add_column(c, justify="right")
    for fila, valores in d["matriz"].items():
        t.add_row(fila, *(f"{valores[c]:,}" for c in columnas), style="bold" if fila == "Total" else None)
    consola.print(t)
    for clave, titulo, estilo in (("retrocedieron", "Retrocedieron", "bold red"), ("concluyeron", "Se concluyeron", "green"),
                                  ("sin_avance", f"Sin avance en {d['sin_avance_minimo']} informes o más", "yellow"),
                                  ("nuevos", "Nuevos", None), ("desaparecidos", "Desaparecieron (pérdida de datos)", "bold red")):
        filas = d[clave]
        consola.print(Text(f"{titulo}: {len(filas):,}", style=estilo or ""))
        if clave in ("retrocedieron", "desaparecidos", "sin_avance") and filas:
            lista = Table(show_header=True, header_style="bold")
            for c in ("Id", "Entidad", "Acuerdo", "Antes", "Ahora"):
                lista.add_column(c, overflow="fold")
            for m in filas:
                texto = m["descripcion"] if len(m["descripcion"]) <= 90 else m["descripcion"][:89] + "…"
                lista.add_row(m["id"], m["entidad"], Text(visible(texto)), m["estatus_desde"], m["estatus_hasta"])
            consola.print(lista)


def recepciones_texto(recepciones, consola) -> None:
    from rich.text import Text

    estilos = {"guardado": "green", "sin cambios": "cyan", "rechazado": "bold yellow", "con errores": "bold red"}
    for r in recepciones:
        linea = Text(f"{nombre_visible(r.archivo)}: ")
        linea.append(r.estado, style=estilos[r.estado])
        if r.entidad:
            linea.append(f" ({r.entidad})")
        if r.destino and r.estado in ("guardado", "sin cambios"):
            linea.append(f" → {nombre_visible(r.destino)}")
        consola.print(linea, soft_wrap=True)
        c = r.cambios
        if c and r.estado != "sin cambios":
            for clave, titulo in (("acuerdos_agregados", "acuerdos agregados"), ("acuerdos_eliminados", "acuerdos eliminados"),
                                  ("estatus_cambiados", "estatus cambiados"), ("acuerdos_modificados", "acuerdos modificados (redacción)"),
                                  ("seguimiento_eliminado", "seguimiento eliminado")):
                if c[clave]:
                    consola.print(Text(f"    {titulo}: {', '.join(c[clave])}"), soft_wrap=True)
            for clave in ("reuniones", "medidas"):
                if c[clave][0] != c[clave][1]:
                    consola.print(Text(f"    {clave}: {c[clave][0]} → {c[clave][1]}"))
            for perdido in c.get("datos_perdidos", []):
                consola.print(Text(f"    se pierde: {visible(perdido)}"), soft_wrap=True)
        if r.respaldo:
            consola.print(Text(f"    versión anterior guardada en {r.respaldo}", style="dim"))
        if r.estado == "rechazado":
            consola.print(Text("    el reenvío elimina datos del anterior: revise los cambios y repita con --reemplazar",
                               style="yellow"))
        if r.problemas:
            problemas_texto(r.problemas, consola)
        if r.rechazado_en:
            consola.print(Text(f"    envío rechazado guardado en {nombre_visible(r.rechazado_en)}", style="dim"),
                          soft_wrap=True)
        if r.acuse:
            consola.print(Text(f"    acuse para la JLE: {nombre_visible(r.acuse)}", style="dim"), soft_wrap=True)


def estado_rich(filas, periodo: str, datos, consola) -> dict[str, int]:
    """La entrega de las 32 JLE en 80 columnas: nombre corto, fecha compacta y una línea de totales."""
    from rich import box
    from rich.table import Table

    estilos = {"recibido": "green", "con advertencias": "yellow", "con errores": "bold red", "rechazado": "bold red",
               "falta": "red"}
    etiquetas = {"recibido": "recibido", "con advertencias": "advertencias", "con errores": "con errores",
                 "rechazado": "rechazado", "falta": "falta"}
    t = Table(title=f"Entrega de las JLE · periodo {periodo}", header_style="bold", box=box.SIMPLE_HEAD,
              pad_edge=False, padding=(0, 1, 0, 0))
    for c, just in (("Entidad", "left"), ("Estado", "left"), ("Fecha", "left"), ("Acu.", "right"), ("Seg.", "right"),
                    ("Reun.", "right"), ("Err.", "right"), ("Adv.", "right")):
        t.add_column(c, justify=just, no_wrap=True)
    n = lambda x: "—" if x is None else str(x)  # noqa: E731
    for f in filas:
        fecha = f.recibido[5:] if f.recibido else "—"  # «05-21 14:03»: el año es el del periodo
        reuniones = "n/r" if f.reuniones is None and f.estado not in ("falta", "rechazado") else n(f.reuniones)
        errores = str(f.errores) if f.estado != "rechazado" else f"{f.rechazos}×"
        t.add_row(visible(f.entidad), etiquetas[f.estado], fecha, n(f.acuerdos), n(f.seguimiento), reuniones,
                  errores, str(f.advertencias), style=estilos[f.estado])
    consola.print(t)
    jle = [f for f in filas if f.abreviatura]  # la fila sin abreviatura es la parte federal de la DEOE
    conteo = {e: sum(f.estado == e for f in jle) for e in estilos}
    federal = [f for f in filas if not f.abreviatura]
    consola.print(f"{conteo['recibido'] + conteo['con advertencias']} recibidas ({conteo['con advertencias']} con "
                  f"advertencias), {conteo['rechazado']} rechazadas, {conteo['falta']} faltan, "
                  f"{conteo['con errores']} con errores.", markup=False)
    for f in federal:
        consola.print("Parte federal de la DEOE (federal.yaml): "
                      + ("falta." if f.estado == "falta" else "con errores." if f.estado == "con errores" else "recibida."),
                      markup=False)
    for f in federal:  # cuenta para el código de salida como una entrega más
        conteo[f.estado] += 1
    if conteo["rechazado"]:
        consola.print(f"Envíos rechazados: {datos}/{periodo}/rechazados/", markup=False)
        consola.print(f"Acuses para devolver a las JLE: {datos}/{periodo}/acuses/", markup=False)
    consola.print("n/r: la JLE no reportó reuniones · Err. de un rechazo: envíos rechazados.",
                  markup=False, style="dim")
    return conteo


def acuerdos_rich(filas, periodo: str, consola) -> None:
    """Un acuerdo por bloque: cabe en 80 columnas sin cortar el texto, que es lo que se busca."""
    from collections import Counter

    from rich.text import Text

    from . import catalogos as cat
    from .catalogos import SIN_ESTATUS
    from .consulta import historia_texto

    estilos = {"Planeación": "yellow", "En proceso": "cyan", "Concluido": "green", SIN_ESTATUS: "red"}
    for f in filas:
        estatus = f.estatus or SIN_ESTATUS
        cabeza = Text(f"{f.id}", style="bold")
        cabeza.append(f" · {cat.POR_ABREVIATURA[f.entidad].corto} · ")
        cabeza.append(estatus, style=estilos[estatus])
        cabeza.append(f" (último reporte: {f.actualizado})", style="dim")
        consola.print(cabeza)
        # sangría de dos espacios también en las líneas que Rich parte
        consola.print(Text(_sangrado(visible(" ".join(f.descripcion.split())), consola.width)))
        historia = historia_texto(f)
        if " → " in historia:  # solo si el estatus cambió alguna vez
            consola.print(Text(_sangrado(f"historia: {historia}", consola.width), style="dim"))
    conteo = Counter(f.estatus or SIN_ESTATUS for f in filas)
    detalle = ", ".join(f"{conteo[e]} {e}" for e in ("Planeación", "En proceso", "Concluido", SIN_ESTATUS) if conteo[e])
    consola.print(f"{len(filas)} acuerdos al corte de {periodo}" + (f": {detalle}." if detalle else "."), markup=False)


def _sangrado(texto: str, ancho: int) -> str:
    """Texto partido por palabras a lo ancho de la terminal, con dos espacios de sangría y sin relleno."""
    import textwrap

    return textwrap.fill(texto, width=max(ancho, 40), initial_indent="  ", subsequent_indent="  ",
                         break_long_words=True, break_on_hyphens=False)


def importacion_rich(resultados, avisos: list[str], titulo: str, consola) -> None:
    """Lo que `informe importar` escribió por entidad, con sus filas por estatus y los avisos."""
    from rich.table import Table

    from . import catalogos as cat

    t = Table(title=titulo, header_style="bold")
    for columna in ("Entidad", "Resultado", "Planeación", "En proceso", "Concluido", "Sin estatus", "Dudosas"):
        t.add_column(columna, justify="left" if columna in ("Entidad", "Resultado") else "right")
    for r in resultados:
        t.add_row(cat.POR_ABREVIATURA[r.entidad].corto, "sustituido" if r.respaldo else r.accion,
                  *(str(r.por_estatus[k]) for k in ("Planeación", "En proceso", "Concluido", "Sin estatus")), str(r.dudosas))
    consola.print(t)
    total = sum(sum(r.por_estatus.values()) for r in resultados)
    consola.print(f"{total} filas de {len(resultados)} entidades.", markup=False)
    for aviso in avisos:
        consola.print(f"aviso: {visible(aviso)}", markup=False, highlight=False)
