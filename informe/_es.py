"""Traduce al español los textos fijos de typer y click («Usage:», «Options», errores de uso).

Las versiones de click que usan `gettext` toman sus textos de `gettext.gettext`
al importarse: este módulo se importa antes que ellos en `cli.py` y sustituye
esa función por una tabla. Las versiones de typer que traen click incrustado
escriben esos textos en inglés fijo: para ellas se corrigen los pocos puntos
donde aparecen (prefijo de uso, ayuda de --help y mensajes de error).
"""

from __future__ import annotations

import gettext
import re
import sys

ES = {
    "Usage:": "Uso:",
    "Options": "Opciones",
    "Arguments": "Argumentos",
    "Commands": "Comandos",
    "Error": "Error",
    "Aborted.": "Cancelado.",
    "Aborted!": "¡Cancelado!",
    "Show this message and exit.": "Muestra esta ayuda y termina.",
    "Show the version and exit.": "Muestra la versión y termina.",
    "[default: {}]": "[predeterminado: {}]",
    "default: {default}": "predeterminado: {default}",
    "[required]": "[obligatorio]",
    "required": "obligatorio",
    "[env var: {}]": "[variable de entorno: {}]",
    "env var: {var}": "variable de entorno: {var}",
    "(deprecated) ": "(obsoleto) ",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "Pruebe [blue]'{command_path} {help_option}'[/] para ver la ayuda.",
    "Try '{command} {option}' for help.": "Pruebe '{command} {option}' para ver la ayuda.",
    "Error: {message}": "Error: {message}",
    "Missing command.": "Falta el comando.",
    "No such command {name!r}.": "No existe el comando {name!r}.",
    "No such option: {name}": "No existe la opción: {name}",
    "No such option {name!r}.": "No existe la opción {name!r}.",
    "Did you mean {possibility}?": "¿Quiso decir {possibility}?",
    "(Possible options: {possibilities})": "(Opciones posibles: {possibilities})",
    "Missing argument": "Falta el argumento",
    "Missing option": "Falta la opción",
    "Missing parameter": "Falta el parámetro",
    "Missing {param_type}": "Falta {param_type}",
    "Missing parameter: {param_name}": "Falta el parámetro: {param_name}",
    "Invalid value: {message}": "Valor no válido: {message}",
    "Invalid value for {param_hint}: {message}": "Valor no válido para {param_hint}: {message}",
    "Got unexpected extra argument ({args})": "Argumento inesperado ({args})",
    "Got unexpected extra arguments ({args})": "Argumentos inesperados ({args})",
    "Option {name!r} requires an argument.": "La opción {name!r} requiere un valor.",
    "Option {name!r} requires {nargs} arguments.": "La opción {name!r} requiere {nargs} valores.",
    "Option {name!r} does not take a value.": "La opción {name!r} no admite un valor.",
    "{value!r} is not one of {choices}.": "{value!r} no es una de las opciones: {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} no es un {number_type} válido.",
    "{choice!r} is not {choices}.": "{choice!r} no es {choices}.",
    "{choice!r} is not one of {choices}.": "{choice!r} no es una de: {choices}.",
    "Path {name} {filename!r} does not exist.": "La ruta {name} {filename!r} no existe.",
    "unknown error": "error desconocido",
}


def traducir(mensaje: str) -> str:
    return ES.get(mensaje, mensaje)


def ngettext(singular: str, plural: str, n: int) -> str:
    return traducir(singular if n == 1 else plural)


# Mensajes de error de uso del click incrustado en typer (texto fijo en inglés).
_ERRORES = (
    (re.compile(r"^No such option: (.*)$", re.S), r"No existe la opción: \1"),
    (re.compile(r"^No such command (.*)\.$", re.S), r"No existe el comando \1."),
    (re.compile(r"^Missing argument (.*)\.$", re.S), r"Falta el argumento \1."),
    (re.compile(r"^Missing option (.*)\.$", re.S), r"Falta la opción \1."),
    (re.compile(r"^Missing parameter(.*)$", re.S), r"Falta el parámetro\1"),
    (re.compile(r"^Invalid value for (.*?): (.*)$", re.S), r"Valor no válido para \1: \2"),
    (re.compile(r"^Got unexpected extra arguments? \((.*)\)$", re.S), r"Argumentos inesperados (\1)"),
    (re.compile(r"^Option (.*) requires an argument\.$", re.S), r"La opción \1 requiere un valor."),
    (re.compile(r"^Option (.*) does not take a value\.$", re.S), r"La opción \1 no lleva valor (quite el «=…»)."),
    (re.compile(r"^Missing command\.$", re.S), "Falta el comando."),
)
# «is not a valid int.» se volvía «no es un valor válido: int.»: el nombre del tipo, en inglés, va antes
_FRASES = (("is not a valid integer.", "no es un número entero."), ("is not a valid int.", "no es un número entero."),
           ("is not a valid float.", "no es un número."),
           ("Did you mean", "¿Quiso decir"), ("is not one of", "no es una de"), ("is not a valid", "no es un valor válido:"),
           ("does not exist", "no existe"), ("Path", "Ruta"), ("Possible options:", "opciones posibles:"),
           # las rutas que typer revisa: «Ruta 'x' is not readable.» quedaba a medias en inglés
           ("is not readable.", "no se puede leer: no hay permiso de lectura."),
           ("is not writable.", "no se puede escribir: no hay permiso de escritura."),
           ("is a file.", "es un archivo, no una carpeta."), ("is a directory.", "es una carpeta, no un archivo."),
           ("Directory '", "Carpeta '"), ("File '", "Archivo '"))


# Un argumento de más que parece un periodo («informe estado 2024-07»): casi seguro faltó --periodo.
PARECE_PERIODO = re.compile(r"^(?:\d{4}-\d{1,2}|\d{1,2}|[a-záéíóúñ]+[ -](?:de )?\d{4}|enero|febrero|marzo|abril|mayo|junio"
                             r"|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)$", re.I)


def traducir_error(mensaje: str) -> str:
    extra = re.match(r"^Got unexpected extra arguments? \((.*)\)$", mensaje, re.S)
    for patron, reemplazo in _ERRORES:
        if patron.match(mensaje):
            mensaje = patron.sub(reemplazo, mensaje)
            break
    for en, es in _FRASES:
        mensaje = mensaje.replace(en, es)
    if extra:
        valor = extra[1].strip("'\"")
        if PARECE_PERIODO.match(valor):
            mensaje += f". Si es el periodo, escríbalo con la opción: --periodo {valor}"
    return mensaje


def _parchar_rich_utils(rich_utils) -> None:
    rich_utils.OPTIONS_PANEL_TITLE = "Opciones"
    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumentos"
    rich_utils.COMMANDS_PANEL_TITLE = "Comandos"
    rich_utils.ERRORS_PANEL_TITLE = "Error"
    rich_utils.ABORTED_TEXT = "Cancelado."
    rich_utils.DEFAULT_STRING = "[predeterminado: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[obligatorio]"
    rich_utils.ENVVAR_STRING = "[variable de entorno: {}]"
    rich_utils.RICH_HELP = "Pruebe [blue]'{command_path} {help_option}'[/] para ver la ayuda."
    rich_utils.OptionHighlighter.highlights = [
        h.replace("Usage: ", "Uso: ") for h in rich_utils.OptionHighlighter.highlights]
    rich_utils.highlighter = rich_utils.OptionHighlighter()


class _AlImportar:
    """Parcha `typer.rich_utils` cuando typer lo importa (solo para la ayuda o un error): importarlo al
    arrancar costaba ≈0.14 s (rich.markdown, markdown_it) a cada orden, `validar` incluida."""

    def find_spec(self, nombre, ruta=None, objetivo=None):
        if nombre != "typer.rich_utils":
            return None
        import importlib.machinery

        sys.meta_path.remove(self)
        try:
            spec = importlib.machinery.PathFinder.find_spec(nombre, ruta)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        cargar = spec.loader.exec_module

        def exec_module(modulo):
            cargar(modulo)
            try:
                _parchar_rich_utils(modulo)
            except (AttributeError, TypeError):  # otra versión de typer: la ayuda queda en parte en inglés
                pass

        spec.loader.exec_module = exec_module
        return spec


def _parchar_typer() -> None:
    try:
        from typer._click import core, exceptions, formatting
    except ImportError:  # typer sin click incrustado: basta con gettext
        return
    if "typer.rich_utils" in sys.modules:
        _parchar_rich_utils(sys.modules["typer.rich_utils"])
    elif not any(isinstance(b, _AlImportar) for b in sys.meta_path):
        sys.meta_path.insert(0, _AlImportar())
    _traducir_uso(formatting)
    _traducir_ayuda_de_help(core)
    _tipos_legibles()
    _traducir_errores(exceptions)


def _traducir_uso(formatting) -> None:
    original_usage = formatting.HelpFormatter.write_usage

    def write_usage(self, prog, args="", prefix=None):
        return original_usage(self, prog, args, "Uso: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage


def _traducir_ayuda_de_help(core) -> None:
    for clase in vars(core).values():
        if isinstance(clase, type) and "get_help_option" in vars(clase):
            original = vars(clase)["get_help_option"]

            def get_help_option(self, ctx, _original=original):
                opcion = _original(self, ctx)
                if opcion is not None:
                    opcion.help = "Muestra esta ayuda y termina."
                return opcion

            clase.get_help_option = get_help_option


_TIPOS = {"str": "TEXTO", "path": "RUTA", "int": "N", "float": "NÚMERO"}


def _tipo_legible(mostrado, metavar):
    """La columna de tipos: sin «<bool>», «<str>» ni «<path>» (ruido para quien no programa en Python)."""
    if mostrado is None or metavar is not None:
        return mostrado
    interior = mostrado.strip("<>").removesuffix("...")
    if interior == "bool":
        return None
    interior = re.sub(r"^list\[(.*)\]$", r"\1", interior)
    return _TIPOS.get(interior, interior)


def _tipos_legibles() -> None:
    from typer import core as typer_core

    if hasattr(typer_core.TyperOption, "display_type_rich"):  # typer 0.29 y posteriores
        _tipos_legibles_rich(typer_core)
    else:  # typer < 0.29 (el que se instala: 0.29 importa pydantic al arrancar) muestra make_metavar
        _tipos_legibles_metavar(typer_core)


def _tipos_legibles_rich(typer_core) -> None:
    def display_type_rich(self, ctx, _original=typer_core.TyperOption.display_type_rich):
        return _tipo_legible(_original(self, ctx), self.metavar)

    typer_core.TyperOption.display_type_rich = display_type_rich

    def argumento_display_type_rich(self, ctx, _original=typer_core.TyperArgument.display_type_rich):
        if self.metavar is not None:  # el nombre del argumento ya dice qué es (RUTA, ARCHIVO)
            return None
        return _tipo_legible(_original(self, ctx), self.metavar)

    typer_core.TyperArgument.display_type_rich = argumento_display_type_rich


def _tipos_legibles_metavar(typer_core) -> None:
    from typer._click import types as tipos_click

    def make_metavar(self, ctx, _original=typer_core.TyperOption.make_metavar):
        mostrado = _original(self, ctx)
        if self.metavar is not None:
            return mostrado
        return _tipo_legible(mostrado, self.metavar) or ""

    typer_core.TyperOption.make_metavar = make_metavar
    # y, para los argumentos, el get_metavar de su tipo
    for clase in vars(tipos_click).values():
        if isinstance(clase, type) and issubclass(clase, tipos_click.ParamType) and "get_metavar" in vars(clase):
            def get_metavar(self, param, ctx, _original=vars(clase)["get_metavar"]):
                if isinstance(param, typer_core.TyperArgument) and param.metavar is not None:
                    return ""
                return _original(self, param=param, ctx=ctx)

            clase.get_metavar = get_metavar


def _traducir_errores(exceptions) -> None:
    for clase in vars(exceptions).values():
        if isinstance(clase, type) and "format_message" in vars(clase):
            def format_message(self, _original=vars(clase)["format_message"]):
                return traducir_error(_original(self))

            clase.format_message = format_message


def instalar() -> None:
    gettext.gettext = traducir  # type: ignore[assignment]
    gettext.ngettext = ngettext  # type: ignore[assignment]
    for nombre, modulo in list(sys.modules.items()):
        if nombre.split(".")[0] in ("click", "typer") and modulo is not None:
            if hasattr(modulo, "_"):
                modulo._ = traducir  # type: ignore[attr-defined]
            if hasattr(modulo, "ngettext"):
                modulo.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        _parchar_typer()
    except (AttributeError, TypeError):  # otra versión de typer: la ayuda queda en parte en inglés, nada más
        pass


instalar()
