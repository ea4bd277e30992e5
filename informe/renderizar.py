"""Render: plantillas Jinja → Markdown de pandoc.

Las plantillas son las que vienen con el paquete o, antes que ellas, las de una carpeta que el
usuario nombra (`--plantillas DIR`). Nunca se toman sin pedirlas: una carpeta `plantillas/` en el
directorio de trabajo (que puede venir dentro de datos recibidos de otro lado) no se usa. Se componen
en la misma caja de arena inmutable y acotada que los textos (`caja.Caja`, docs/seguridad.md).

Todo texto que viene de los datos pasa por el filtro `md`, que lo escapa para
que se lea literal en Markdown y en todo lo que pandoc produce a partir de él.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from pathlib import Path

from .lengua import MESES, enumerar, ordinal, plural  # noqa: F401  (filtro de las plantillas)

def _plantillas_paquete() -> Path:
    """Las plantillas instaladas con el paquete (`plantillas/` del repositorio, empaquetada como informe.plantillas)."""
    try:
        from importlib.resources import files

        return Path(str(files("informe.plantillas"))).resolve()
    except (ModuleNotFoundError, TypeError):  # ejecución desde el código fuente sin instalar
        return Path(__file__).resolve().parent.parent / "plantillas"


PLANTILLAS_PAQUETE = _plantillas_paquete()

# Dialecto: Markdown de pandoc *sin* la extensión `smart` (así comillas, «--» y «...»
# quedan tal cual). pandoc admite escapar cualquier signo ASCII con «\\»; se escapan
# los que tienen significado en cualquier lugar de una línea…
_SIGNOS = re.compile(r"([\\`*_{}\[\]#<>$@~^&|])")
# …y los que solo lo tienen al inicio: viñetas, listas numeradas, citas, definiciones.
_INICIO = re.compile(r"^(\(?(?:\d+|[A-Za-z]+))([.)])|^([-+:=%])")
FORMATO_PANDOC = "markdown-smart"


def _escapar_linea(linea: str) -> str:
    linea = _SIGNOS.sub(r"\\\1", " ".join(linea.split()))
    return _INICIO.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", linea)


def md(texto: object) -> str:
    """Texto literal en Markdown; cada salto de línea del dato es un salto forzado."""
    if texto is None:
        return ""
    return "\\\n".join(_escapar_linea(l) for l in str(texto).splitlines() if l.strip())


def atributo(texto: object) -> str:
    """Un valor de atributo de pandoc entre comillas (`{alt="…"}`) que se lee literal: pandoc interpreta
    «\\», «"» y las entidades HTML («&amp;») dentro del valor."""
    plano = " ".join("".join(c if c.isprintable() else " " for c in str(texto)).split())
    return '"' + plano.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;") + '"'


def md_celda(texto: object) -> str:
    """Texto literal en una celda de tabla (una celda de tabla de pandoc no admite saltos de línea)."""
    if texto is None:
        return ""
    return _escapar_linea(" ".join(str(texto).split()))


class Marcado(str):
    """Texto que ya es Markdown de la herramienta (negritas de un total): `tabla` no lo escapa."""


def _ancho(texto: str) -> int:
    """Columnas que ocupa el texto como las cuenta pandoc: anchas 2, combinantes 0."""
    import unicodedata

    if texto.isascii():
        return len(texto)
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf")
               else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in texto)


def _partir(parrafo: str, ancho: int) -> list[str]:
    """Reparte un párrafo en líneas de `ancho` columnas sin cortar palabras (pandoc las vuelve a unir)."""
    lineas, actual, usado = [], [], 0
    for palabra in parrafo.split(" "):
        w = _ancho(palabra)
        if actual and usado + 1 + w > ancho:
            lineas.append(" ".join(actual))
            actual, usado = [], 0
        usado += w + (1 if actual else 0)
        actual.append(palabra)
    if actual:
        lineas.append(" ".join(actual))
    return lineas


def _parrafos(celda: object) -> list[str]:
    if celda is None:
        return []
    if isinstance(celda, Marcado):
        return [str(celda)]
    return [_escapar_linea(l) for l in str(celda).splitlines() if l.strip()]


def tabla(encabezados: list[str], filas: list[list], anchos: list[int], leyenda: str | None = None,
          alinear: str = "") -> str:
    """Tabla de cuadrícula de pandoc: una celda conserva los párrafos de su dato.

    Cada salto de línea del dato es un párrafo de la celda (la lista «1. … 3.1 … 5.» de una
    medida sigue siendo una lista legible); el texto se escapa, así que se lee literal.
    Una palabra más larga que su columna ensancha la columna en vez de partirse.
    `alinear`: una letra por columna, «l» o «r» (cifras a la derecha); sin ella, todas a la izquierda.
    """
    celdas = [[_parrafos(c) for c in fila] for fila in filas]
    cabeza = [_parrafos(Marcado(e)) for e in encabezados]
    columnas = []
    for j, ancho in enumerate(anchos):
        mayor = max((_ancho(p) for fila in [cabeza, *celdas] for par in fila[j] for p in par.split(" ")), default=1)
        columnas.append(max(ancho, mayor))

    def renglones(fila: list[list[str]]) -> list[str]:
        bloques = []
        for j, parrafos in enumerate(fila):
            lineas: list[str] = []
            for k, par in enumerate(parrafos):
                if k:
                    lineas.append("")
                lineas += _partir(par, columnas[j])
            bloques.append(lineas)
        alto = max(1, *(len(b) for b in bloques))
        salida = []
        for i in range(alto):
            partes = []
            for j, b in enumerate(bloques):
                t = b[i] if i < len(b) else ""
                partes.append(" " + t + " " * (columnas[j] - _ancho(t)) + " ")
            salida.append("|" + "|".join(partes) + "|")
        return salida

    def separador(relleno: str) -> str:
        partes = []
        for j, w in enumerate(columnas):
            if relleno == "=" and alinear[j:j + 1] == "r":
                partes.append("=" * (w + 1) + ":")
            elif relleno == "=":
                partes.append(":" + "=" * (w + 1))
            else:
                partes.append("-" * (w + 2))
        return "+" + "+".join(partes) + "+"

    lineas = [separador("-"), *renglones(cabeza), separador("=")]
    for fila in celdas:
        lineas += renglones(fila)
        lineas.append(separador("-"))
    if leyenda:
        lineas += ["", f": {leyenda}"]
    return "\n".join(lineas) + "\n"


def fecha_larga(d: date | str) -> str:
    """2024-03-14 → «14 de marzo de 2024», sin depender del locale del sistema."""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.day} de {MESES[d.month - 1]} de {d.year}"


def fecha_corta(d: date | str) -> str:
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.day} de {MESES[d.month - 1]}"


def rango_fechas(inicio: date, fin: date) -> str:
    """«del 14 de marzo al 23 de abril de 2024» (el año una vez si coincide)."""
    if inicio.year == fin.year:
        return f"del {fecha_corta(inicio)} al {fecha_larga(fin)}"
    return f"del {fecha_larga(inicio)} al {fecha_larga(fin)}"


def autor(ctx) -> str:
    """El autor del documento en sus propiedades (PDF y DOCX): el área que lo elabora (proceso.yaml)."""
    return ctx.proceso.area or ctx.proceso.institucion or "Instituto Nacional Electoral"


def asunto(ctx) -> str:
    """El asunto del documento en sus propiedades (PDF y DOCX): el título corto y el periodo que informa."""
    r = ctx.r
    return f"{ctx.titulo_corto}. Periodo que se informa: {rango_fechas(r.inicio, r.fin)}"


def mes_anio(periodo: str) -> str:
    anio, mes = periodo.split("-")
    return f"{MESES[int(mes) - 1]} {anio}"


def mes_de_anio(periodo: str) -> str:
    """«2024-05» → «mayo de 2024»."""
    anio, mes = periodo.split("-")
    return f"{MESES[int(mes) - 1]} de {anio}"


def numero(n: int | None) -> str:
    """Separador de miles como lo escribe el INE: 1,709."""
    return "no reportado" if n is None else f"{n:,}"


def porcentaje(x: float | None) -> str:
    return "no reportado" if x is None else f"{x:.1f}%"


def numero_o_vacio(n: int | None) -> str:
    """Una celda sin dato en la tabla de origen queda vacía (no es cero ni «no reportado»)."""
    return "" if n is None else numero(n)


def con_signo(n: int | None) -> str:
    """«+1,234» o «−56» (signo menos tipográfico): una variación entre dos cortes."""
    if n is None:
        return ""
    return f"+{n:,}" if n > 0 else f"−{-n:,}" if n < 0 else "0"


def edad(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def lista_es(elementos: list[str]) -> str:
    """«a, b y c», con «e» ante i-/hi- («Colima e Hidalgo»), como toda enumeración del informe."""
    return enumerar(elementos, "y")


def yaml_texto(texto: str) -> str:
    """Un valor de metadatos YAML entre comillas (JSON es YAML), legible con acentos."""
    return json.dumps(texto, ensure_ascii=False)


def entorno(plantillas_usuario: Path | None = None, raiz: Path | None = None):
    """Las plantillas de la familia (`raiz`, dentro de las del paquete), y antes las de la carpeta que el
    usuario nombra con --plantillas, con la misma forma. Nada del directorio de trabajo."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

    from .caja import PLANTILLAS, Acumulador, Caja

    raiz = raiz or PLANTILLAS_PAQUETE
    rutas = []
    if plantillas_usuario is not None:
        rutas.append(plantillas_usuario)
    rutas.append(raiz)
    if raiz != PLANTILLAS_PAQUETE:
        rutas.append(PLANTILLAS_PAQUETE)  # lo común (macros.md.j2) también sirve a las otras familias
    env = Caja(
        PLANTILLAS,
        extensions=["jinja2.ext.do"],
        loader=ChoiceLoader([FileSystemLoader(str(r)) for r in rutas]),
        undefined=StrictUndefined,
        autoescape=False,  # el escape es de Markdown, no de HTML: lo hace el filtro md
        keep_trailing_newline=True,
        # «{#» abre los atributos de encabezado de pandoc ({#presentacion}): los comentarios de Jinja son {## ##}
        comment_start_string="{##",
        comment_end_string="##}",
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(filtros(), atributo=atributo)  # atributo: solo plantillas (en un texto saldría escapado dos veces)
    env.acotar_filtros()
    env.globals.update(rango_fechas=rango_fechas, plural=plural, ordinal=ordinal, tabla=tabla, acumulador=Acumulador)
    return env


def filtros() -> dict:
    return dict(md=md, md_celda=md_celda, fecha_larga=fecha_larga, fecha_corta=fecha_corta, numero=numero,
                porcentaje=porcentaje, yaml_texto=yaml_texto, lista_es=lista_es, mes_anio=mes_anio,
                mes_de_anio=mes_de_anio, numero_o_vacio=numero_o_vacio, con_signo=con_signo, edad=edad)


class Numerador:
    """Tablas, gráficas e imágenes numeradas desde 1 en el orden en que aparecen en el informe."""

    def __init__(self) -> None:
        self._cuentas: dict[str, int] = {}

    def siguiente(self, tipo: str) -> int:
        self._cuentas[tipo] = self._cuentas.get(tipo, 0) + 1
        return self._cuentas[tipo]


@functools.lru_cache(maxsize=8)
def _entorno_reusable(plantillas_usuario: Path | None, raiz: Path | None):
    """El entorno con sus plantillas ya compiladas: compilarlas cuesta más que componer (≈0.5 s), y `informe
    vista` compone a cada cambio. Jinja vuelve a compilar una plantilla que cambió en disco (auto_reload); la
    caja reinicia su presupuesto en cada composición."""
    return entorno(plantillas_usuario, raiz)


def renderizar_markdown(contexto: dict, plantillas_usuario: Path | None = None, ranuras: dict[str, str] | None = None,
                        raiz: Path | None = None) -> str:
    """El informe completo en Markdown.

    `ranuras`: ranura → la redacción de la institución y del analista ya compuesta
    (`textos.componer_ranuras`), que la plantilla inserta en su lugar.
    """
    env = _entorno_reusable(plantillas_usuario, raiz)
    salida = env.componer(env.get_template("informe.md.j2"), **contexto, textos=ranuras or {}, num=Numerador())
    return re.sub(r"\n{3,}", "\n\n", salida).strip() + "\n"
