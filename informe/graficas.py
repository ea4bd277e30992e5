"""Gráficas del informe con matplotlib (backend Agg): PNG a resolución de impresión.

Una gráfica cuyos datos son «no reportado» no se dibuja vacía: su clave queda
en `None` y la plantilla escribe una frase en su lugar. Los PNG son
deterministas (sin fecha ni versión en los metadatos).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from .agregar import Resumen

# Paleta de Okabe e Ito, segura para daltonismo.
AZUL, NARANJA, VERDE, AMARILLO, GRIS, CELESTE = "#0072B2", "#E69F00", "#009E73", "#F0E442", "#999999", "#56B4E9"
COLORES_ESTATUS = {"Planeación": NARANJA, "En proceso": AZUL, "Concluido": VERDE, "Sin estatus": GRIS}
COLORES_MODALIDAD = {"presencial": AZUL, "virtual": NARANJA, "híbrida": VERDE, "no reportada": GRIS}
DPI = 200


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    from .convertir import FUENTES

    # la letra del documento (Liberation Sans, la que viaja con el paquete), no la del sistema
    for archivo in sorted(FUENTES.glob("LiberationSans-*.ttf")):
        font_manager.fontManager.addfont(str(archivo))
    plt.rcParams.update({
        "font.family": "Liberation Sans", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
        "svg.hashsalt": "informe", "path.simplify": True,
    })
    return plt


def _conteos(eje) -> None:
    """Un eje que cuenta reuniones o acuerdos solo lleva marcas enteras."""
    from matplotlib.ticker import MaxNLocator

    eje.set_major_locator(MaxNLocator(integer=True))


def _guardar(fig, ruta: Path) -> str:
    import io

    import matplotlib.pyplot as plt

    from .archivos import escribir_atomico

    # en memoria y luego escritura atómica: dos `compilar` en la misma carpeta de salida no se pisan
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    escribir_atomico(ruta, png.getvalue())
    return str(ruta)


def _etiquetas(ax, barras, valores) -> None:
    for barra, valor in zip(barras, valores):
        if valor:
            ax.annotate(f"{valor:,}", (barra.get_x() + barra.get_width() / 2, barra.get_y() + barra.get_height()),
                        ha="center", va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points")


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


def previstas(r: Resumen, carpeta: Path) -> dict[str, Path | None]:
    """Qué figuras tendrá el informe y dónde, sin dibujar nada (así el Markdown no espera a matplotlib).

    `None` donde no hay datos: la plantilla escribe una frase en lugar de una gráfica vacía.
    """
    return {clave: carpeta / f"{clave}.png" if hay_datos(datos(r)) else None
            for clave, (_, datos, hay_datos) in FIGURAS.items()}


def generar_graficas(r: Resumen, carpeta: Path, solo: set[str] | None = None) -> dict[str, str | None]:
    """Dibuja las figuras previstas (o solo las de `solo`) y devuelve sus rutas."""
    salida: dict[str, str | None] = {}
    for clave, ruta in previstas(r, carpeta).items():
        dibujar, datos, _ = FIGURAS[clave]
        if ruta is not None and solo is not None and clave not in solo:
            continue
        salida[clave] = None if ruta is None else dibujar(datos(r), ruta)
    return salida


def huellas(r: Resumen) -> dict[str, str]:
    """La huella de cada figura prevista: lo que dibuja, el código que la dibuja, matplotlib y la letra.
    Mismos datos, mismo PNG: una figura ya dibujada se toma de la caché sin importar matplotlib."""
    import hashlib
    import json
    from importlib.metadata import version

    from .cache import version_del_codigo
    from .convertir import FUENTES

    base = hashlib.blake2b(digest_size=32)
    base.update(f"{version_del_codigo()} matplotlib {version('matplotlib')} {DPI}".encode())
    for archivo in sorted(FUENTES.glob("LiberationSans-*.ttf")):
        base.update(archivo.name.encode() + archivo.read_bytes())
    salida = {}
    for clave, (_, datos, hay_datos) in FIGURAS.items():
        if hay_datos(datos(r)):
            h = base.copy()
            h.update(clave.encode() + b"\0" + json.dumps(datos(r), sort_keys=True, ensure_ascii=False,
                                                        default=str).encode())
            salida[clave] = h.hexdigest()
    return salida
