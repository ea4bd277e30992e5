"""Las gráficas del informe de seguridad (Imagen 1, Gráficas 1 a 3) y su registro `FIGURAS`.

Lo común (matplotlib, letra, PNG deterministas, caché por huella) vive en `informe.figuras`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from ..figuras import AZUL, CELESTE, GRIS, NARANJA, VERDE, _conteos, _etiquetas, _guardar, _pyplot

COLORES_ESTATUS = {"Planeación": NARANJA, "En proceso": AZUL, "Concluido": VERDE, "Sin estatus": GRIS}
COLORES_MODALIDAD = {"presencial": AZUL, "virtual": NARANJA, "híbrida": VERDE, "no reportada": GRIS}


def grafica_asistentes(asistentes: list[int], ruta: Path) -> str:
    """Gráfica 1: cuántas reuniones tuvieron cada número de asistentes."""
    plt = _pyplot()
    conteo = Counter(asistentes)
    xs = sorted(conteo)
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    barras = ax.bar([str(x) for x in xs], [conteo[x] for x in xs], color=AZUL)
    _etiquetas(ax, barras, [conteo[x] for x in xs])
    ax.set_xlabel("Número de asistentes")
    ax.set_ylabel("Reuniones")
    _conteos(ax.yaxis)
    ax.tick_params(axis="x", labelsize=7, rotation=90 if len(xs) > 25 else 0)
    return _guardar(fig, ruta)


def grafica_modalidad(por_entidad: dict[str, dict[str, int]], ruta: Path) -> str:
    """Gráfica 2: reuniones por entidad, apiladas por modalidad."""
    plt = _pyplot()
    entidades = list(por_entidad)
    modalidades = [m for m in COLORES_MODALIDAD if any(v.get(m) for v in por_entidad.values())]
    fig, ax = plt.subplots(figsize=(6.5, max(2.5, 0.24 * len(entidades) + 0.8)))
    izquierda = [0] * len(entidades)
    for m in modalidades:
        valores = [por_entidad[e].get(m, 0) for e in entidades]
        ax.barh(entidades, valores, left=izquierda, color=COLORES_MODALIDAD[m], label=m.capitalize())
        izquierda = [a + b for a, b in zip(izquierda, valores)]
    for y, total in enumerate(izquierda):
        ax.annotate(f"{total:,}", (total, y), va="center", fontsize=7, xytext=(3, 0), textcoords="offset points")
    ax.invert_yaxis()
    ax.set_xlabel("Reuniones")
    _conteos(ax.xaxis)
    ax.tick_params(axis="y", labelsize=7)
    # arriba y fuera de las barras: dentro taparía las de las últimas entidades
    ax.legend(frameon=False, fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4)
    return _guardar(fig, ruta)


def grafica_estatus(por_estatus: dict[str, int], ruta: Path) -> str:
    """Gráfica 3: acuerdos del periodo por estatus."""
    plt = _pyplot()
    claves = [k for k, v in por_estatus.items() if v or k != "Sin estatus"]
    valores = [por_estatus[k] for k in claves]
    fig, ax = plt.subplots(figsize=(5.0, 3.0))
    barras = ax.bar(claves, valores, color=[COLORES_ESTATUS[k] for k in claves])
    _etiquetas(ax, barras, valores)
    ax.set_ylabel("Acuerdos")
    _conteos(ax.yaxis)
    return _guardar(fig, ruta)


def grafica_instalacion(fechas: list[dict], ruta: Path) -> str:
    """Imagen 1: línea de tiempo de la instalación de las mesas estatales."""
    plt = _pyplot()
    import matplotlib.dates as mdates

    puntos = [(date.fromisoformat(f["fecha"]), f["entidad"]) for f in fechas]
    fig, ax = plt.subplots(figsize=(6.5, max(2.5, 0.22 * len(puntos) + 0.8)))
    ax.hlines(range(len(puntos)), [p[0] for p in puntos], [puntos[-1][0]] * len(puntos), color=CELESTE, lw=1)
    ax.plot([p[0] for p in puntos], range(len(puntos)), "o", color=AZUL, ms=4)
    ax.set_yticks(range(len(puntos)), [p[1] for p in puntos], fontsize=7)
    ax.invert_yaxis()
    from matplotlib.ticker import FuncFormatter

    from .catalogos import MESES

    # una marca por mes, con el mes en español sin depender del locale del sistema: «oct 2023»
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: (lambda d: f"{MESES[d.month - 1][:3]} {d.year}")(
        mdates.num2date(x))))
    ax.set_xlabel("Fecha de instalación")
    return _guardar(fig, ruta)


# clave → (cómo dibujarla, sus datos en el resumen, si hay algo que dibujar)
FIGURAS = {
    "imagen1": (grafica_instalacion, lambda r: r.mesas["fechas"], bool),
    "grafica1": (grafica_asistentes, lambda r: r.reuniones["asistentes"], bool),
    "grafica2": (grafica_modalidad, lambda r: r.reuniones["por_entidad"], bool),
    "grafica3": (grafica_estatus, lambda r: r.acuerdos["por_estatus"], lambda d: bool(sum(v or 0 for v in d.values()))),
}
