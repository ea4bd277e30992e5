"""Render: plantillas Jinja → Markdown de pandoc.

Las plantillas se buscan en este orden: `--plantillas DIR` del usuario, la
carpeta `plantillas/` del directorio de trabajo y, al final, las que vienen con
el paquete (así un `informe` instalado funciona fuera del repositorio).

Todo texto que viene de los datos pasa por el filtro `md`, que lo escapa para
que se lea literal en Markdown y en todo lo que pandoc produce a partir de él.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from . import catalogos as cat

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
_INICIO = re.compile(r"^(\d+)([.)])|^([-+:=%])")
FORMATO_PANDOC = "markdown-smart"


def _escapar_linea(linea: str) -> str:
    linea = _SIGNOS.sub(r"\\\1", " ".join(linea.split()))
    return _INICIO.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", linea)


def md(texto: object) -> str:
    """Texto literal en Markdown; cada salto de línea del dato es un salto forzado."""
    if texto is None:
        return ""
    return "\\\n".join(_escapar_linea(l) for l in str(texto).splitlines() if l.strip())


def md_celda(texto: object) -> str:
    """Texto literal en una celda de tabla (una celda de tabla de pandoc no admite saltos de línea)."""
    if texto is None:
        return ""
    return _escapar_linea(" ".join(str(texto).split()))


def fecha_larga(d: date | str) -> str:
    """2024-03-14 → «14 de marzo de 2024», sin depender del locale del sistema."""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.day} de {cat.MESES[d.month - 1]} de {d.year}"


def fecha_corta(d: date | str) -> str:
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.day} de {cat.MESES[d.month - 1]}"


def rango_fechas(inicio: date, fin: date) -> str:
    """«del 14 de marzo al 23 de abril de 2024» (el año una vez si coincide)."""
    if inicio.year == fin.year:
        return f"del {fecha_corta(inicio)} al {fecha_larga(fin)}"
    return f"del {fecha_larga(inicio)} al {fecha_larga(fin)}"


def mes_anio(periodo: str) -> str:
    anio, mes = periodo.split("-")
    return f"{cat.MESES[int(mes) - 1]} {anio}"


def numero(n: int | None) -> str:
    """Separador de miles como lo escribe el INE: 1,709."""
    return "no reportado" if n is None else f"{n:,}"


def porcentaje(x: float | None) -> str:
    return "no reportado" if x is None else f"{x:.1f}%"


def lista_es(elementos: list[str]) -> str:
    """«a, b y c»."""
    elementos = list(elementos)
    if len(elementos) <= 1:
        return "".join(elementos)
    return ", ".join(elementos[:-1]) + " y " + elementos[-1]


def plural(n: int, singular: str, plural_: str | None = None) -> str:
    return singular if n == 1 else (plural_ or singular + "s")


def yaml_texto(texto: str) -> str:
    """Un valor de metadatos YAML entre comillas (JSON es YAML), legible con acentos."""
    return json.dumps(texto, ensure_ascii=False)


def entorno(plantillas_usuario: Path | None = None):
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    rutas = []
    if plantillas_usuario is not None:
        rutas.append(plantillas_usuario)
    proyecto = Path.cwd() / "plantillas"
    if proyecto.is_dir() and proyecto.resolve() != PLANTILLAS_PAQUETE:
        rutas.append(proyecto)
    rutas.append(PLANTILLAS_PAQUETE)
    env = Environment(
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
    env.filters.update(md=md, md_celda=md_celda, fecha_larga=fecha_larga, fecha_corta=fecha_corta,
                       numero=numero, porcentaje=porcentaje, yaml_texto=yaml_texto, lista_es=lista_es, mes_anio=mes_anio)
    env.globals.update(rango_fechas=rango_fechas, plural=plural, ordinal=cat.ordinal)
    return env


def renderizar_markdown(contexto: dict, plantillas_usuario: Path | None = None, textos: dict[str, str] | None = None) -> str:
    """El informe completo en Markdown. `textos`: plantillas fijas de la institución (presentación…)."""
    env = entorno(plantillas_usuario)
    fijos = {}
    for nombre, fuente in (textos or {}).items():
        fijos[nombre] = env.from_string(fuente).render(**contexto).strip()
    salida = env.get_template("informe.md.j2").render(**contexto, textos=fijos)
    return re.sub(r"\n{3,}", "\n\n", salida).strip() + "\n"
