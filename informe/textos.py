"""La redacción del analista: textos de la institución y de cada periodo, en lugares fijos del informe.

Dónde viven:

- `proceso.yaml → textos: {presentacion: textos/presentacion.md}`: textos fijos de la institución.
- Cada familia declara sus ranuras (nombre → dónde aparece en su informe; docs/textos.md).
- `<periodo>/textos/<ranura>.md`: lo que el analista escribe ese mes para esa ranura.

Son Markdown con expresiones Jinja que citan las cifras del periodo (`{{ r.reuniones.total }}`).
Vienen de la carpeta de datos, así que se tratan como datos:

- se leen solo dentro de la carpeta de datos (ni rutas absolutas, ni «..», ni enlaces que salgan);
- se componen en un `SandboxedEnvironment` sin cargador (no incluyen ni importan nada);
- lo que una expresión produce se escapa como texto literal: solo la redacción del analista
  es Markdown, nunca el contenido de un dato.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .almacen import nombre_visible
from .errores import ErrorDeTexto
from .problemas import Problema, problema

NOMBRES = frozenset({"r", "proceso", "rango_fechas", "plural", "ordinal"})
TAMANO_MAXIMO = 256 * 1024


@dataclass(frozen=True, slots=True)
class Texto:
    ranura: str
    nombre: str  # como se muestra al usuario
    fuente: str


def leer_seguro(raiz: Path, relativa: str, quien: str) -> tuple[Texto | None, list[Problema]]:
    """Lee `relativa` solo si queda dentro de `raiz`, sin enlaces que salgan de ella."""
    def rechazo(mensaje: str, sugerencia: str) -> tuple[None, list[Problema]]:
        return None, [problema(quien, None, None, "texto-ruta", mensaje, sugerencia)]

    ruta = Path(relativa)
    if ruta.is_absolute() or ruta.drive or ruta.anchor:
        return rechazo(f"La ruta del texto «{relativa}» es absoluta.",
                       "Guarde el texto dentro de la carpeta de datos y escriba su ruta relativa (textos/x.md).")
    if ".." in ruta.parts:
        return rechazo(f"La ruta del texto «{relativa}» sale de la carpeta de datos con «..».",
                       "Guarde el texto dentro de la carpeta de datos.")
    base = raiz.resolve()
    candidato = raiz / ruta
    try:
        real = candidato.resolve(strict=True)
    except (OSError, RuntimeError):
        return rechazo(f"El texto «{relativa}» no existe en {nombre_visible(raiz)}.", "Revise el nombre del archivo.")
    if not real.is_relative_to(base):
        return rechazo(f"El texto «{relativa}» es un enlace que sale de la carpeta de datos.",
                       "Copie el texto dentro de la carpeta de datos en lugar de enlazarlo.")
    if not real.is_file():
        return rechazo(f"«{relativa}» no es un archivo.", "Indique un archivo .md.")
    try:
        if real.stat().st_size > TAMANO_MAXIMO:
            return rechazo(f"El texto «{relativa}» excede {TAMANO_MAXIMO // 1024} KiB.", "Divida o resuma el texto.")
        fuente = real.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return rechazo(f"El texto «{relativa}» no está en UTF-8.", "Guárdelo como UTF-8.")
    except OSError as e:
        return rechazo(f"No se pudo leer el texto «{relativa}»: {e.strerror}.", "Revise los permisos del archivo.")
    return Texto(ruta.stem, nombre_visible(candidato), fuente.replace("\r\n", "\n")), []


def del_proceso(raiz: Path, proceso, ranuras: dict[str, str]) -> tuple[list[Texto], list[Problema]]:
    """Los textos fijos que declara proceso.yaml; `ranuras`, las del informe de su familia."""
    textos, problemas = [], []
    if proceso is None:
        return textos, problemas
    for ranura, relativa in proceso.textos.items():
        texto, errores = leer_seguro(raiz, relativa, proceso.archivo)
        problemas += errores
        if ranura not in ranuras:
            problemas.append(problema(proceso.archivo, None, None, "texto-ranura",
                                      f"textos.{ranura}: el informe no tiene la ranura «{ranura}».",
                                      f"Use una de: {', '.join(ranuras)}."))
        elif texto is not None:
            textos.append(Texto(ranura, texto.nombre, texto.fuente))
    return textos, problemas


def del_periodo(raiz: Path, pid: str, ranuras: dict[str, str]) -> tuple[list[Texto], list[Problema]]:
    """`<periodo>/textos/<ranura>.md`: la redacción del analista para ese informe."""
    carpeta = raiz / pid / "textos"
    textos, problemas = [], []
    if not carpeta.is_dir():
        return textos, problemas
    for archivo in sorted(carpeta.iterdir(), key=lambda p: p.name):
        if archivo.name.startswith("."):
            continue
        nombre = nombre_visible(archivo)
        if archivo.suffix != ".md" or archivo.stem not in ranuras:
            problemas.append(problema(nombre, None, None, "texto-ranura",
                                      f"«{archivo.name}» no corresponde a ninguna ranura del informe.",
                                      f"Nombre el archivo como una de: {', '.join(r + '.md' for r in ranuras)}."))
            continue
        texto, errores = leer_seguro(raiz, f"{pid}/textos/{archivo.name}", nombre)
        problemas += errores
        if texto is not None:
            textos.append(texto)
    return textos, problemas


# --------------------------------------------------------------------------- composición

def _linea_de(fuente: str, palabra: str) -> int | None:
    import re

    patron = re.compile(rf"\b{re.escape(palabra)}\b")
    for i, linea in enumerate(fuente.splitlines(), 1):
        if ("{{" in linea or "{%" in linea) and patron.search(linea):
            return i
    return None


@lru_cache(maxsize=1)
def entorno():
    """Jinja en caja de arena (uno por proceso: no guarda estado entre textos): sin cargador, sin atributos privados, y cada valor sale como texto literal."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from . import renderizar as rz
    from .lengua import ordinal

    def literal(valor):
        # la redacción es Markdown; lo que sale de una expresión es dato y se escapa
        return rz.md(valor) if isinstance(valor, str) else valor

    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, finalize=literal,
                               keep_trailing_newline=False, comment_start_string="{##", comment_end_string="##}")
    filtros = rz.filtros()
    filtros.update(md=lambda x: x, md_celda=lambda x: x)  # el escape ocurre una sola vez, al salir
    env.filters.update(filtros)
    env.globals.clear()
    env.globals.update(rango_fechas=rz.rango_fechas, plural=rz.plural, ordinal=ordinal)
    return env


def revisar(texto: Texto) -> list[Problema]:
    """Lo que `validar` dice de un texto: sintaxis, nombres desconocidos, usos no permitidos, caracteres ajenos."""
    from jinja2 import TemplateSyntaxError, meta, nodes

    from .escritura import describir, primer_ajeno

    problemas = []
    ajeno = primer_ajeno(texto.fuente)
    if ajeno is not None:
        posicion, caracter, motivo = ajeno
        antes = texto.fuente[:posicion]
        problemas.append(problema(texto.nombre, antes.count("\n") + 1, posicion - antes.rfind("\n"), "texto-escritura",
                                  f"{motivo} ({describir(caracter)}).", "Reescriba la palabra o borre el carácter."))
    try:
        arbol = entorno().parse(texto.fuente)
    except TemplateSyntaxError as e:
        return problemas + [problema(texto.nombre, e.lineno, None, "texto-plantilla",
                                     f"Error de sintaxis de plantilla: {e.message}.",
                                     "Revise que cada «{{» cierre con «}}» y cada «{%» con «%}».")]
    for nodo in arbol.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        problemas.append(problema(texto.nombre, nodo.lineno, None, "texto-plantilla",
                                  "Un texto no puede incluir ni importar otros archivos.",
                                  "Escriba el texto completo en este archivo."))
    for nodo in arbol.find_all((nodes.Getattr, nodes.Getitem)):
        nombre = nodo.attr if isinstance(nodo, nodes.Getattr) else getattr(nodo.arg, "value", None)
        if isinstance(nombre, str) and nombre.startswith("_"):
            problemas.append(problema(texto.nombre, nodo.lineno, None, "texto-plantilla",
                                      f"«{nombre}» no se permite en un texto del informe.",
                                      "Cite solo cifras del periodo: r.reuniones.total, r.acuerdos.por_estatus…"))
    for nombre in sorted(meta.find_undeclared_variables(arbol) - NOMBRES):
        problemas.append(problema(texto.nombre, _linea_de(texto.fuente, nombre), None, "texto-variable",
                                  f"«{nombre}» no es una variable del informe.",
                                  "Las cifras del periodo están en r (r.reuniones.total…) y los datos del proceso en proceso."))
    return problemas


def componer(texto: Texto, contexto: dict) -> str:
    """El Markdown de un texto con las cifras del periodo; ErrorDeTexto con archivo y línea si falla."""
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    try:
        plantilla = entorno().from_string(texto.fuente)
        return plantilla.render(r=contexto["r"], proceso=contexto["proceso"]).strip()
    except SecurityError as e:
        raise ErrorDeTexto(f"{texto.nombre}: uso no permitido en un texto del informe ({e}).") from e
    except TemplateError as e:
        linea = getattr(e, "lineno", None)
        raise ErrorDeTexto(f"{texto.nombre}{f', línea {linea}' if linea else ''}: {e.message or e}") from e
    except Exception as e:  # noqa: BLE001 - un texto del usuario no debe producir un traceback
        raise ErrorDeTexto(f"{texto.nombre}: no se pudo componer ({type(e).__name__}: {e}).") from e
