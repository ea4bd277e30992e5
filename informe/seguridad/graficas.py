"""Las gráficas del informe de seguridad (Imagen 1, Gráficas 1 a 3) y su registro `FIGURAS`.

Lo común (matplotlib, letra, PNG deterministas, caché por huella) vive en `informe.figuras`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from ..figuras import AZUL, CELESTE, Figura, cifra, etiquetar_barras, guardar_png, marcas_enteras, pyplot
from . import catalogos as cat

# Los colores de los estatus y de las modalidades, y la trama de cada modalidad (la gráfica apilada se lee
# sin distinguir colores, en gris o con daltonismo, y la leyenda muestra la misma trama), son atributos de
# sus registros en `catalogos.py` (o en proceso.yaml): aquí no se nombra ninguno.


def grafica_asistentes(asistentes: list[int], ruta: Path) -> str:
    """Gráfica 1: cuántas reuniones tuvieron cada número de asistentes."""
    plt = pyplot()
    conteo = Counter(asistentes)
    xs = sorted(conteo)
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    barras = ax.bar([str(x) for x in xs], [conteo[x] for x in xs], color=AZUL)
    etiquetar_barras(ax, barras, [conteo[x] for x in xs])
    ax.set_xlabel("Número de asistentes")
    ax.set_ylabel("Reuniones")
    marcas_enteras(ax.yaxis)
    ax.tick_params(axis="x", labelsize=7, rotation=90 if len(xs) > 25 else 0)
    return guardar_png(fig, ruta)


def grafica_modalidad(por_entidad: dict[str, dict[str, int]], ruta: Path) -> str:
    """Gráfica 2: reuniones por entidad, apiladas por modalidad."""
    plt = pyplot()
    entidades = list(por_entidad)
    modalidades = [m for m in cat.MODALIDADES_REGISTROS if any(v.get(m.nombre) for v in por_entidad.values())]
    fig, ax = plt.subplots(figsize=(6.5, max(2.5, 0.24 * len(entidades) + 0.8)))
    izquierda = [0] * len(entidades)
    for m in modalidades:
        valores = [por_entidad[e].get(m.nombre, 0) for e in entidades]
        ax.barh(entidades, valores, left=izquierda, color=m.color, label=m.nombre.capitalize(),
                hatch=m.trama, edgecolor="white", linewidth=0)
        izquierda = [a + b for a, b in zip(izquierda, valores)]
    for y, total in enumerate(izquierda):
        ax.annotate(f"{total:,}", (total, y), va="center", fontsize=7, xytext=(3, 0), textcoords="offset points")
    ax.invert_yaxis()
    ax.set_xlabel("Reuniones")
    marcas_enteras(ax.xaxis)
    ax.tick_params(axis="y", labelsize=7)
    # arriba y fuera de las barras: dentro taparía las de las últimas entidades
    ax.legend(frameon=False, fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4)
    return guardar_png(fig, ruta)


def grafica_estatus(barras_estatus: list[list], ruta: Path) -> str:
    """Gráfica 3: acuerdos del periodo por estatus; `barras_estatus`: [nombre, acuerdos, color] de cada barra."""
    import textwrap

    plt = pyplot()
    # un estatus agregado en proceso.yaml puede llamarse «Concluido parcialmente»: su etiqueta se parte entre
    # palabras para no encimarse con las vecinas (las de base caben en una línea y no cambian)
    claves = [textwrap.fill(b[0], 12, break_long_words=False, break_on_hyphens=False) for b in barras_estatus]
    valores = [b[1] or 0 for b in barras_estatus]
    fig, ax = plt.subplots(figsize=(5.0, 3.0))
    barras = ax.bar(claves, valores, color=[b[2] for b in barras_estatus])
    etiquetar_barras(ax, barras, valores)
    ax.set_ylabel("Acuerdos")
    marcas_enteras(ax.yaxis)
    return guardar_png(fig, ruta)


def grafica_instalacion(fechas: list[dict], ruta: Path) -> str:
    """Imagen 1: línea de tiempo de la instalación de las mesas estatales."""
    plt = pyplot()
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
    return guardar_png(fig, ruta)


def barras_estatus(r) -> list[list]:
    """[nombre, acuerdos, color] de cada barra de la Gráfica 3, en el orden del catálogo: todos los estatus,
    y el comodín «Sin estatus» solo si cuenta algo. Es lo que se dibuja y lo que entra en su huella."""
    por_estatus = r.acuerdos["por_estatus"]
    return [[e.nombre, por_estatus.get(e.nombre), e.color] for e in r.catalogo_estatus
            if por_estatus.get(e.nombre) or not e.sin_dato]


# ---- textos alternativos: lo que cada gráfica dibuja, dicho con sus cifras (PDF /Alt y DOCX descr)

def describir_instalacion(fechas: list[dict]) -> str:
    from ..renderizar import fecha_larga

    puntos = "; ".join(f"{f['entidad']}, {fecha_larga(f['fecha'])}" for f in fechas)
    return (f"Línea de tiempo: fecha de instalación de {len(fechas)} "
            f"{'mesa estatal' if len(fechas) == 1 else 'mesas estatales'}, en orden: {puntos}.")


def describir_asistentes(asistentes: list[int]) -> str:
    conteo = Counter(asistentes)
    barras = "; ".join(f"{x} {'asistente' if x == 1 else 'asistentes'}: {cifra(conteo[x])} "
                       f"{'reunión' if conteo[x] == 1 else 'reuniones'}" for x in sorted(conteo))
    return (f"Gráfica de barras: número de reuniones según su número de asistentes, "
            f"{cifra(len(asistentes))} {'reunión' if len(asistentes) == 1 else 'reuniones'} con asistentes "
            f"reportados; {barras}.")


def describir_modalidad(por_entidad: dict[str, dict[str, int]]) -> str:
    partes = []
    for entidad, conteo in por_entidad.items():
        total = sum(conteo.values())
        detalle = ", ".join(f"{m.nombre} {cifra(conteo[m.nombre])}" for m in cat.MODALIDADES_REGISTROS
                            if conteo.get(m.nombre))
        partes.append(f"{entidad} {cifra(total)}" + (f" ({detalle})" if detalle else ""))
    total = sum(sum(v.values()) for v in por_entidad.values())
    return (f"Gráfica de barras apiladas: {cifra(total)} {'reunión' if total == 1 else 'reuniones'} por entidad "
            f"y modalidad; {'; '.join(partes)}.")


def describir_estatus(barras_estatus: list[list]) -> str:
    total = sum(b[1] or 0 for b in barras_estatus)
    barras = "; ".join(f"{b[0]} {cifra(b[1] or 0)}" for b in barras_estatus)
    return f"Gráfica de barras: estatus de {cifra(total)} {'acuerdo' if total == 1 else 'acuerdos'}; {barras}."


# clave → cómo dibujarla, sus datos en el resumen, si hay algo que dibujar, su texto alternativo
FIGURAS = {
    "imagen1": Figura(grafica_instalacion, lambda r: r.mesas["fechas"], bool, describir_instalacion),
    "grafica1": Figura(grafica_asistentes, lambda r: r.reuniones["asistentes"], bool, describir_asistentes),
    "grafica2": Figura(grafica_modalidad, lambda r: r.reuniones["por_entidad"], bool, describir_modalidad),
    "grafica3": Figura(grafica_estatus, barras_estatus, lambda d: bool(sum(b[1] or 0 for b in d)), describir_estatus),
}
