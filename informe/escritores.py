"""Los escritores del informe: cada formato de salida en un solo lugar (como el `Writer` de pelican).

Un escritor declara su nombre (el valor de `compilar --formato`), la extensión de su archivo, qué necesita
del documento (el Markdown, las figuras dibujadas, el árbol de pandoc), el estándar de accesibilidad que
cumple y su conversión. De este registro salen las opciones de `--formato`, su ayuda, las líneas de
progreso, la tabla de docs/ordenes.md y la lista de formatos que los tests de accesibilidad revisan: un
formato nuevo es una entrada más (`registrar`).

Este módulo no importa nada pesado (pandoc, typst, python-docx, matplotlib): `--help` lo lee para sus
opciones. Cada conversión importa lo suyo al correr.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# Lo que un escritor puede necesitar del documento; «figuras»: los PNG dibujados (si ningún formato pedido
# las necesita, no se dibujan y el Markdown dice que la gráfica no se incluyó).
NECESIDADES = ("markdown", "ast", "figuras", "contexto")


@dataclass
class Documento:
    """Lo que reciben los escritores: el informe ya compuesto en Markdown, su contexto y la carpeta privada
    de trabajo (fuera de --salida) con las gráficas e imágenes que el Markdown cita."""
    markdown: str
    ctx: object  # familias.Contexto
    periodo: str
    trabajo: Path
    esperar_figuras: Callable[[], None] = lambda: None
    lector: Callable[[str], str] | None = None  # Markdown → árbol; sin él, convertir.leer_markdown
    _ast: str | None = field(default=None, repr=False)
    _candado: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def ast(self) -> str:
        """El árbol de pandoc (JSON) del Markdown, leído una sola vez para todos los escritores que lo piden,
        con los filtros comunes (la frontera de recursos.lua, índice, anchos, niveles) ya aplicados."""
        with self._candado:
            if self._ast is None:
                from .convertir import leer_markdown

                self._ast = (self.lector or leer_markdown)(self.markdown)
            return self._ast


@dataclass(frozen=True)
class Escritor:
    nombre: str
    extension: str
    descripcion: str  # para la ayuda y los documentos: qué es el archivo
    accesibilidad: str  # el estándar que cumple (docs/accesibilidad.md)
    necesita: frozenset[str]
    convertir: Callable[[Documento, Path], None]  # escribe el archivo en la ruta dada
    por_omision: bool = True  # si `compilar` sin --formato lo escribe

    def archivo(self, periodo: str) -> str:
        return f"informe-{periodo}.{self.extension}"


REGISTRO: dict[str, Escritor] = {}


def registrar(escritor: Escritor) -> Escritor:
    desconocidas = set(escritor.necesita) - set(NECESIDADES)
    if desconocidas:  # un error de quien escribe el escritor, no del usuario
        raise ValueError(f"el escritor {escritor.nombre} necesita algo que no existe: {sorted(desconocidas)}")
    REGISTRO[escritor.nombre] = escritor
    return escritor


def nombres() -> tuple[str, ...]:
    return tuple(REGISTRO)


def por_omision() -> tuple[str, ...]:
    return tuple(n for n, e in REGISTRO.items() if e.por_omision)


def escritor(nombre: str) -> Escritor:
    return REGISTRO[nombre]


def ayuda() -> str:
    """«md, docx, pdf o html (repetible; sin él: md, docx y pdf).», para --formato."""
    from .lengua import enumerar

    return (f"{enumerar(list(REGISTRO), 'o')} (repetible; sin él: {enumerar(list(por_omision()), 'y')}).")


def tabla_markdown() -> str:
    """La tabla de formatos de docs/ordenes.md (un test comprueba que el documento la trae tal cual)."""
    filas = ["| formato | archivo | qué es | accesibilidad | por omisión |", "|---|---|---|---|---|"]
    for e in REGISTRO.values():
        filas.append(f"| `{e.nombre}` | `{e.archivo('AAAA-MM')}` | {e.descripcion} | {e.accesibilidad} | "
                     f"{'sí' if e.por_omision else 'no'} |")
    return "\n".join(filas) + "\n"


def necesitan(pedidos: tuple[str, ...], necesidad: str) -> bool:
    return any(necesidad in REGISTRO[n].necesita for n in pedidos)


# --------------------------------------------------------------------------- los del paquete
# Cada conversión importa su módulo al correr: el registro se lee al armar la ayuda.

def _md(doc: Documento, destino: Path) -> None:
    from .archivos import escribir_atomico
    from .lengua import juntar_markdown

    # solo en el archivo: el DOCX y el PDF juntan las mismas palabras sobre su propio texto (su portada y sus
    # celdas tienen otras reglas)
    escribir_atomico(destino, juntar_markdown(doc.markdown))


def _docx(doc: Documento, destino: Path) -> None:
    from .convertir import a_docx

    a_docx(doc, destino)


def _pdf(doc: Documento, destino: Path) -> None:
    from .convertir import a_pdf

    a_pdf(doc, destino)


def _html(doc: Documento, destino: Path) -> None:
    from .html import a_html

    a_html(doc, destino)


registrar(Escritor("md", "md", "Markdown de pandoc, el texto fuente del informe", "—",
                   frozenset({"markdown"}), _md))
registrar(Escritor("docx", "docx", "Word", "DOCX con texto alternativo, encabezados de tabla e idioma",
                   frozenset({"ast", "figuras", "contexto"}), _docx))
registrar(Escritor("pdf", "pdf", "PDF de archivo", "PDF/A-2a y PDF/UA-1",
                   frozenset({"ast", "figuras", "contexto"}), _pdf))
registrar(Escritor("html", "html", "página web autocontenida", "WCAG 2.2 AA (axe-core)",
                   frozenset({"ast", "figuras", "contexto"}), _html, por_omision=False))
