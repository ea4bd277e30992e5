"""Las figuras del informe: qué se dibuja, cuándo hace falta dibujar y con qué letra.

Cada familia declara sus figuras en un registro `FIGURAS` (clave → `Figura`: cómo dibujarla, sus datos
en el resumen, si hay algo que dibujar y su texto alternativo). Aquí vive lo común: matplotlib (backend
Agg) con la letra del documento, PNG a resolución de impresión y deterministas (sin fecha ni versión en
los metadatos), y la huella de lo que dibuja cada figura para tomarla de la caché sin importar
matplotlib. Una figura cuyos datos son «no reportado» no se dibuja vacía: su clave queda en `None` y la
plantilla escribe una frase en su lugar.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, NamedTuple

# Paleta de Okabe e Ito, segura para daltonismo.
AZUL, NARANJA, VERDE, AMARILLO, GRIS, CELESTE = "#0072B2", "#E69F00", "#009E73", "#F0E442", "#999999", "#56B4E9"
ROSA, BERMELLON = "#CC79A7", "#D55E00"
DPI = 200


class Figura(NamedTuple):
    """Una figura del registro de su familia."""
    dibujar: Callable  # (datos, ruta) → ruta del PNG
    datos: Callable  # resumen → lo que dibuja (JSON): entra en su huella
    hay_datos: Callable  # datos → si hay algo que dibujar
    # datos → su texto alternativo en español, con las cifras que dibuja: el mismo en el PDF (/Alt) y en el
    # DOCX (descr), para que un lector de pantalla diga lo que la gráfica muestra y no solo su leyenda
    describir: Callable[[object], str]


def cifra(n: int) -> str:
    """Una cifra en el texto alternativo, como la escribe el informe (1,709)."""
    return f"{n:,}"


def descripciones(figuras: dict[str, Figura], r) -> dict[str, str]:
    """El texto alternativo de cada figura que tiene datos; no importa matplotlib."""
    salida = {}
    for clave, f in figuras.items():
        datos = f.datos(r)
        if f.hay_datos(datos):
            salida[clave] = " ".join(f.describir(datos).split())
    return salida


def pyplot():
    """matplotlib.pyplot sin pantalla y con la letra y el estilo de los informes (se importa al dibujar: cuesta
    casi un segundo, que `--help` y `validar` no pagan)."""
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
        # las etiquetas son datos (una red social, un país): «$x^2$» se dibuja tal cual y no como fórmula de
        # mathtext, que además rechaza con una excepción un «$\\frac{a}{$» sin cerrar
        "text.parse_math": False,
    })
    return plt


def marcas_enteras(eje) -> None:
    """Un eje que cuenta reuniones, acuerdos o solicitudes solo lleva marcas enteras, escritas como las
    cifras de las barras y del texto (12,000, no 12000)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    eje.set_major_locator(MaxNLocator(integer=True))
    eje.set_major_formatter(FuncFormatter(lambda valor, _: cifra(int(round(valor)))))


def guardar_png(fig, ruta: Path) -> str:
    """Escribe la figura como PNG en `ruta` (sin la versión de matplotlib en sus metadatos: mismos datos,
    mismos bytes), la cierra y devuelve la ruta."""
    import io

    import matplotlib.pyplot as plt

    from .archivos import escribir_atomico

    # en memoria y luego escritura atómica: dos `compilar` en la misma carpeta de salida no se pisan
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    escribir_atomico(ruta, png.getvalue())
    return str(ruta)


def etiquetar_barras(ax, barras, valores) -> None:
    """La cifra de cada barra sobre ella, con separador de miles; una barra en cero no lleva cifra."""
    for barra, valor in zip(barras, valores):
        if valor:
            ax.annotate(f"{valor:,}", (barra.get_x() + barra.get_width() / 2, barra.get_y() + barra.get_height()),
                        ha="center", va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points")


def previstas(figuras: dict, r, carpeta: Path) -> dict[str, Path | None]:
    """Qué figuras tendrá el informe y dónde, sin dibujar nada (así el Markdown no espera a matplotlib).

    `None` donde no hay datos: la plantilla escribe una frase en lugar de una gráfica vacía.
    """
    return {clave: carpeta / f"{clave}.png" if f.hay_datos(f.datos(r)) else None for clave, f in figuras.items()}


def generar(familia: str, r, carpeta: Path, solo: set[str] | None = None) -> dict[str, str | None]:
    """Dibuja las figuras previstas de la familia (o solo las de `solo`) y devuelve sus rutas.

    Recibe el nombre de la familia y no su registro: corre en otro proceso, y las funciones de
    dibujo se buscan allá.
    """
    from .familias import familia as buscar

    figuras = buscar(familia).figuras
    salida: dict[str, str | None] = {}
    for clave, ruta in previstas(figuras, r, carpeta).items():
        if ruta is not None and solo is not None and clave not in solo:
            continue
        salida[clave] = None if ruta is None else figuras[clave].dibujar(figuras[clave].datos(r), ruta)
    return salida


def huellas(figuras: dict, r) -> dict[str, str]:
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
    for clave, f in figuras.items():
        datos = f.datos(r)
        if f.hay_datos(datos):
            h = base.copy()
            h.update(f"{f.dibujar.__module__}.{f.dibujar.__qualname__}".encode() + b"\0")
            h.update(clave.encode() + b"\0" + json.dumps(datos, sort_keys=True, ensure_ascii=False,
                                                        default=str).encode())
            salida[clave] = h.hexdigest()
    return salida
