"""La línea de comandos: solo interpreta opciones y llama al núcleo.

Las bibliotecas pesadas (pandoc, python-docx, matplotlib, typst) se importan
dentro de los comandos que las usan: `--help` y `validar` no pagan por ellas.
"""

from __future__ import annotations

from . import _es  # noqa: F401  (debe ir antes que typer: traduce sus textos)

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="informe",
    help="Compila los informes mensuales de coordinación en materia de seguridad del INE "
         "a partir de lo que envía cada Junta Local Ejecutiva (JLE).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

SALIDA_USO = 2


class FormatoValidacion(str, Enum):
    texto = "texto"
    json = "json"


def _consola(error: bool = False):
    from rich.console import Console

    return Console(stderr=error, highlight=False, soft_wrap=True)


def _fallar_uso(mensaje: str) -> None:
    from rich.text import Text

    _consola(error=True).print(Text("Error: " + mensaje, style="bold red"))
    raise typer.Exit(SALIDA_USO)


OpcionDatos = Annotated[Path, typer.Option("--datos", "-d", help="Carpeta de datos con la historia de periodos.",
                                           show_default=True)]


@app.command()
def validar(
    rutas: Annotated[list[Path], typer.Argument(help="Archivos YAML o carpetas (se revisan sus *.yaml y *.yml).",
                                                show_default=False)],
    datos: OpcionDatos = Path("datos"),
    formato: Annotated[FormatoValidacion, typer.Option("--formato", "-f", help="texto para leer; json para scripts.")]
    = FormatoValidacion.texto,
    estricto: Annotated[bool, typer.Option("--estricto", help="Las advertencias también cuentan como errores.")] = False,
) -> None:
    """Revisa los archivos de las JLE y reporta cada problema con archivo, línea, código y sugerencia.

    Código de salida: 0 sin errores, 1 con errores, 2 error de uso.
    """
    from .mostrar import escribir_json, problemas_texto, resumen_texto
    from .validar import validar as validar_rutas

    faltantes = [str(r) for r in rutas if not r.exists()]
    if faltantes:
        _fallar_uso(f"no existe: {', '.join(faltantes)}")
    resultado = validar_rutas(rutas, datos if datos.is_dir() else None)
    if formato is FormatoValidacion.json:
        escribir_json(resultado.como_dict(), sys.stdout)
    else:
        consola = _consola()
        problemas_texto(resultado.problemas, consola)
        consola.print(resumen_texto(len(resultado.archivos), resultado.errores, resultado.advertencias))
    if resultado.errores or (estricto and resultado.advertencias):
        raise typer.Exit(1)


@app.command()
def esquema() -> None:
    """Imprime el JSON Schema del archivo de una JLE (para el editor con el servidor de lenguaje YAML)."""
    from .esquema import esquema_jle
    from .mostrar import escribir_json

    escribir_json(esquema_jle(), sys.stdout)


def main() -> None:  # punto de entrada del script `informe`
    app()
