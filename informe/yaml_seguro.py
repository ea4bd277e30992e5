"""YAML seguro: de bytes a un árbol de nodos con posiciones, sin construir nada.

El YAML se *compone* (árbol de nodos con la línea y la columna de cada valor) pero nunca se
*construye* con los constructores de PyYAML: cada familia interpreta los valores según el campo que
ocupan (`lector.Lector`). Así YAML 1.1 no cambia datos en silencio (`no` → False, `10:30` → 630), y
ninguna etiqueta puede crear objetos de Python. La profundidad se acota antes de que libyaml, que
compone de forma recursiva, vea el texto. Sin dominio: sirve a todas las familias.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problemas import Problema, problema

from yaml.composer import Composer
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner


class _ParserPython(Reader, Scanner, Parser, Composer):
    """El lector de PyYAML en Python puro: sin límite propio de anidamiento, y sus eventos no recursan."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)


try:  # libyaml compone diez veces más rápido que el lector en Python puro
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depende de cómo se instaló PyYAML
    _Parser = _ParserPython  # type: ignore[misc,assignment]

TAMANO_MAXIMO = 8 * 1024 * 1024  # bytes por archivo
TEXTO_MAXIMO = 20_000  # caracteres por valor
PROFUNDIDAD_MAXIMA = 32
LIMITE_POR_CODIGO = 100  # problemas listados por código y archivo; el resto se resume en una línea

_YAML = "tag:yaml.org,2002:"
# La etiqueta que `componer` pone a cada escalar: lo que YAML 1.1 haría de él. El lector la consulta para
# avisar lo que otra herramienta leería distinto (`no` como falso, `10:30` como 630); el valor sigue siendo texto.
ETIQUETA_TEXTO, ETIQUETA_NULO, ETIQUETA_BOOLEANO, ETIQUETA_ENTERO, ETIQUETA_DECIMAL = (
    _YAML + t for t in ("str", "null", "bool", "int", "float"))
_NULOS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLEANOS = frozenset("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF y Y n N".split())
_NUMERO_YAML11 = re.compile(r"[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$")


class _Cargador(_Parser):
    """Compone sin construir. Su `resolve` solo distingue lo que el lector necesita
    (nulo, booleano y números de YAML 1.1); lo demás queda como texto y se
    interpreta según el campo. Es bastante más rápido que el resolvedor completo.
    """

    def resolve(self, kind, value, implicit):
        if kind is not ScalarNode:
            return _YAML + ("seq" if kind is SequenceNode else "map")
        if not implicit[0]:
            return ETIQUETA_TEXTO  # entre comillas o con etiqueta no específica
        if value in _NULOS:
            return ETIQUETA_NULO
        if value in _BOOLEANOS and value not in ("y", "Y", "n", "N"):
            return ETIQUETA_BOOLEANO
        if value and (value[0].isdigit() or value[0] in "+-.") and _NUMERO_YAML11.match(value):
            return ETIQUETA_DECIMAL if "." in value else ETIQUETA_ENTERO
        return ETIQUETA_TEXTO

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass
_ETIQUETAS_PERMITIDAS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


# --------------------------------------------------------------------------- YAML

def tipo_de_documento(datos: bytes) -> str | None:
    """Qué documento es, si es uno de los que llegan por correo en lugar del YAML (Word, Excel, PDF…)."""
    if datos.startswith(b"PK\x03\x04"):
        for marca, tipo in ((b"word/", "un documento de Word (DOCX)"), (b"xl/", "una hoja de Excel (XLSX)"),
                            (b"ppt/", "una presentación de PowerPoint (PPTX)"),
                            (b"content.xml", "un documento de LibreOffice (ODT/ODS)")):
            if marca in datos[:65536]:
                return tipo
        return "un archivo comprimido (ZIP)"
    if datos.startswith(b"%PDF"):
        return "un PDF"
    if datos.startswith(b"\xd0\xcf\x11\xe0"):
        return "un documento de Office anterior a 2007 (DOC o XLS)"
    if datos.startswith(b"{\\rtf"):
        return "un documento RTF"
    if datos[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"GIF8"):
        return "una imagen"
    if datos.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].lower().startswith((b"<!doctype html", b"<html")):
        # el formulario web mismo, adjuntado en lugar de lo que su botón «Guardar archivo» descarga
        return "una página web (como el formulario: su botón «Guardar archivo» descarga el .yaml que se envía)"
    return None


def decodificar(datos: bytes, nombre: str) -> tuple[str | None, list[Problema]]:
    if len(datos) > TAMANO_MAXIMO:
        return None, [problema(nombre, None, None, "archivo-grande",
                               f"El archivo pesa más de {TAMANO_MAXIMO // (1024 * 1024)} MiB.",
                               "Divida la información o revise que sea el archivo correcto.")]
    tipo = tipo_de_documento(datos)
    if tipo is not None:
        return None, [problema(nombre, None, None, "archivo-no-yaml",
                               f"El archivo es {tipo}, no el archivo YAML de la plantilla.",
                               "Pida a la JLE que llene y envíe el archivo .yaml de `informe plantilla`, sin "
                               "convertirlo a otro formato.")]
    if b"\x00" in datos:
        linea = datos.count(b"\n", 0, datos.index(b"\x00")) + 1
        return None, [problema(nombre, linea, None, "archivo-binario",
                               "El archivo contiene bytes nulos: no es un archivo de texto YAML.",
                               "Guarde el archivo como texto UTF-8.")]
    try:
        texto = datos.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        linea = datos.count(b"\n", 0, e.start) + 1
        columna = e.start - (datos.rfind(b"\n", 0, e.start) + 1) + 1
        return None, [problema(nombre, linea, columna, "archivo-codificacion",
                               f"El byte 0x{datos[e.start]:02X} no es UTF-8 válido.",
                               "Guarde el archivo con codificación UTF-8 (en Excel o el Bloc de notas: «Guardar como… UTF-8»).")]
    if not texto.strip():
        return None, [problema(nombre, 1, 1, "archivo-vacio", "El archivo está vacío.",
                               "Use `informe plantilla` para obtener un archivo con los campos a llenar.")]
    return texto, []


# La parte de una línea que abre niveles de bloque: la sangría y los «- »/«? » compactos que la siguen.
_INICIO_DE_BLOQUE = re.compile(r"^[ \t]*(?:[-?](?:[ \t]+|$))*", re.M)


def _cota_de_anidamiento(texto: str) -> int:
    """Una cota superior barata de la profundidad, calculada con expresiones en C (está en el camino de
    cada archivo que se lee).

    Un nivel de bloque cuesta al menos una columna de sangría o un «- »/«? » al inicio de la línea,
    salvo el mapa que empieza en la misma línea («- clave:») y la raíz; un nivel de flujo, un
    corchete o llave. Nunca subestima: si no pasa del máximo no hace falta más revisión.
    """
    bloque = max(map(len, _INICIO_DE_BLOQUE.findall(texto)), default=0)
    return bloque + 2 + texto.count("[") + texto.count("{")


def _profundidad_excedida(texto: str) -> int | None:
    """Línea donde la estructura pasa de PROFUNDIDAD_MAXIMA niveles, o None.

    libyaml compone de forma recursiva: miles de «- - - …» o «[[[[…» agotan la pila del proceso
    (un segfault, no una excepción). Sus eventos, en cambio, salen de una máquina de estados sin
    recursión: se cuentan aquí, fuera de comillas y comentarios, antes de componer nada.

    Desde PyYAML 6.0.4, libyaml corta por su cuenta a los 1000 niveles, y en un flujo («[[[[…») lo hace
    mientras busca por adelantado, antes de entregar el evento del nivel 33: entonces se cuentan los
    eventos del lector en Python puro, que no tiene ese corte, para dar la misma línea en toda versión.
    """
    if _cota_de_anidamiento(texto) <= PROFUNDIDAD_MAXIMA:
        return None
    try:
        return _nivel_excedido(_Parser(texto))
    except yaml.YAMLError as e:
        if not _es_anidamiento(e):
            return None  # la sintaxis la reporta componer, con su posición
    try:
        return _nivel_excedido(_ParserPython(texto))
    except yaml.YAMLError as e:
        marca = e.problem_mark or e.context_mark
        return marca.line + 1 if marca else 1


def _nivel_excedido(eventos) -> int | None:
    from yaml.events import CollectionEndEvent, CollectionStartEvent

    nivel = 0
    try:
        while True:
            evento = eventos.get_event()
            if evento is None:
                return None
            if isinstance(evento, CollectionStartEvent):
                nivel += 1
                if nivel > PROFUNDIDAD_MAXIMA:
                    return evento.start_mark.line + 1
            elif isinstance(evento, CollectionEndEvent):
                nivel -= 1
    finally:
        eventos.dispose()


def _es_anidamiento(e: yaml.YAMLError) -> bool:
    textos = (getattr(e, "problem", None) or "", getattr(e, "context", None) or "", str(e))
    return any("nesting" in t or "increasing" in t and "level" in t for t in textos)


def componer(texto: str, nombre: str) -> tuple[Node | None, list[Problema]]:
    excedida = _profundidad_excedida(texto)
    if excedida is not None:
        return None, [problema(nombre, excedida, None, "yaml-anidamiento",
                               f"La estructura pasa de {PROFUNDIDAD_MAXIMA} niveles de listas o mapas anidados.",
                               "Revise la sangría y los guiones: el formato no anida más de unos pocos niveles.")]
    import gc

    # Componer crea un objeto por nodo y ninguno forma ciclos que haya que recolectar: con el recolector
    # activo, sus pasadas sobre un montón que crece cuestan más que componer (7 MB: 8.9 s → 2.9 s).
    activo = gc.isenabled()
    gc.disable()
    try:
        cargador = _Cargador(texto)
        try:
            nodo = cargador.get_single_node()
        finally:
            cargador.dispose()
            if activo:
                gc.enable()
    except yaml.MarkedYAMLError as e:
        return None, [_problema_de_sintaxis(e, nombre, texto)]
    except yaml.reader.ReaderError as e:
        linea = texto.count("\n", 0, e.position) + 1
        return None, [problema(nombre, linea, None, "yaml-sintaxis",
                               f"Carácter no admitido en YAML (código {e.character!r}).",
                               "Quite caracteres de control; copie el texto como texto simple.")]
    except yaml.YAMLError:  # otros errores de libyaml sin posición: su texto (en inglés) no se muestra
        return None, [problema(nombre, None, None, "yaml-sintaxis", "El archivo no es YAML válido.",
                               _REVISE)]
    if nodo is None:
        return None, [problema(nombre, 1, 1, "archivo-vacio", "El archivo no contiene datos (solo comentarios).",
                               "Use `informe plantilla` para obtener un archivo con los campos a llenar.")]
    return nodo, []


_REVISE = "Revise comillas, sangría y los dos puntos de esa línea."
_ENTRECOMILLE = "Encierre el texto entre comillas dobles: \"…\"."
_SANGRIA = "Alinee la línea con las demás claves de su bloque, usando solo espacios."

# Causas por fragmento del mensaje de libyaml o de PyYAML en Python puro (difieren entre sí y entre
# versiones): la primera que coincide da código, mensaje y sugerencia. Ningún texto en inglés llega al
# usuario: lo que no está aquí cae en la causa general del final de `_problema_de_sintaxis`.
_CAUSAS: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (("nesting depth",), "yaml-anidamiento",
     f"la estructura pasa de {PROFUNDIDAD_MAXIMA} niveles de listas o mapas anidados",
     "Revise la sangría y los guiones: el formato no anida más de unos pocos niveles."),
    (("tab character", "'\\t'"), "yaml-tabulador",
     "hay un tabulador donde YAML espera espacios", "Sustituya los tabuladores por espacios."),
    (("escape",), "yaml-sintaxis",
     "una barra invertida «\\» dentro de comillas dobles inicia una secuencia que YAML no conoce",
     "Use comillas simples ('…') o escriba la barra dos veces (\\\\)."),
    (("alias",), "yaml-alias", "se usa un alias (*) de YAML, que no se admite",
     "Escriba el valor completo en su lugar, o entrecomíllelo si el «*» es parte del texto."),
    (("anchor",), "yaml-alias", "se usa un ancla (&) de YAML, que no se admite",
     "Quite el «&nombre», o entrecomille el texto si el «&» es parte de él."),
    (("document", "stream-end", "STREAM-END"), "yaml-multiple",
     "el archivo contiene más de un documento (una línea «---» o «...» en medio)",
     "Deje un solo documento: quite las líneas «---» y «...» intermedias."),
    (("directive",), "yaml-sintaxis", "una línea que empieza con «%» es una directiva de YAML",
     "Quite esa línea, o entrecomille el texto si el «%» es parte de él."),
    (("',' or ']'",), "yaml-sintaxis", "falta cerrar un «[» (o sobra una coma)",
     "Cierre la lista con «]», o entrecomille el texto si el «[» es parte de él."),
    (("',' or '}'",), "yaml-sintaxis", "falta cerrar una «{» (o sobra una coma)",
     "Cierre el mapa con «}», o entrecomille el texto si la «{» es parte de él."),
    (("expected '-' indicator", "expected key", "expected <block end>", "block end", "invalid indentation",
      "expected '<document start>'", "<document start>"), "yaml-sintaxis",
     "la sangría de esta línea no corresponde a la de su bloque", _SANGRIA),
    (("could not find expected ':'",), "yaml-sintaxis", "falta «:» después de una clave",
     "Escriba «clave: valor», con un espacio después de los dos puntos."),
    (("node content", "the node content"), "yaml-sintaxis", "falta un valor, o empieza con un carácter reservado",
     _ENTRECOMILLE),
    (("mapping keys are not allowed",), "yaml-sintaxis", "un «?» inicia aquí una clave compleja de YAML",
     _ENTRECOMILLE),
)


def _linea_de(texto: str, indice: int) -> str:
    """La línea `indice` (desde 0) del texto, sin recorrerlo entero más de una vez."""
    inicio = 0
    for _ in range(indice):
        inicio = texto.find("\n", inicio) + 1
        if inicio == 0:
            return ""
    fin = texto.find("\n", inicio)
    return texto[inicio:] if fin < 0 else texto[inicio:fin]


_SIN_ESPACIO = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(?=[^\s:/])")


def _problema_de_sintaxis(e: yaml.MarkedYAMLError, nombre: str, texto: str) -> Problema:
    """Un error de libyaml o PyYAML como problema en español, en la línea y columna de su causa."""
    marca = e.problem_mark or e.context_mark
    original = " ".join(filter(None, (e.context, e.problem)))
    if "end of stream" in original and e.context_mark:
        marca = e.context_mark  # dónde se abrió lo que no se cerró, no el final del archivo
    fila = marca.line if marca else None
    columna = marca.column if marca else None
    linea = _linea_de(texto, fila) if fila is not None else ""
    # la primera causa que se reconoce, de la más precisa a la más general
    f, c, codigo, mensaje, sugerencia = (
        _tabulador(linea, fila, columna) or _sin_cerrar(original, linea, fila, columna)
        or _valor_con_dos_puntos(original, texto, linea, fila, columna) or _por_fragmento(original, fila, columna)
        or _inicio_no_admitido(original, linea, fila, columna)
        or (fila, columna, "yaml-sintaxis", "la línea no tiene la forma «clave: valor» ni «- elemento»", _REVISE))
    return problema(nombre, None if f is None else f + 1, None if c is None else c + 1, codigo,
                    f"YAML no válido: {mensaje}.", sugerencia)


# Una causa: (fila, columna) desde 0 donde está, código, mensaje y sugerencia.
_Causa = tuple[int | None, int | None, str, str, str]


def _sangria(linea: str) -> int:
    return len(linea) - len(linea.lstrip(" \t"))


def _tabulador(linea: str, fila: int | None, columna: int | None) -> _Causa | None:
    sangria = _sangria(linea)
    if "\t" in linea[:sangria] or (columna is not None and linea[columna:columna + 1] == "\t"):
        return (fila, linea.index("\t") if "\t" in linea[:sangria] else columna, "yaml-tabulador",
                "hay un tabulador donde YAML espera espacios (los editores los muestran igual)",
                "Sustituya los tabuladores por espacios.")
    return None


def _sin_cerrar(original: str, linea: str, fila: int | None, columna: int | None) -> _Causa | None:
    """Unas comillas, un «[» o una «{» que el archivo termina sin cerrar (la marca ya es donde se abrieron)."""
    if "end of stream" not in original:
        return None
    if "quoted" in original:
        return (fila, columna, "yaml-sintaxis", f"las comillas {linea[columna:columna + 1] or ''} que se abren "
                "aquí no se cierran", "Cierre las comillas al final del texto, en la misma línea o en otra.")
    return (fila, columna, "yaml-sintaxis", "el archivo termina antes de cerrar lo que se abre aquí",
            "Cierre las comillas, el «[» o la «{» que se abre en esta línea.")


def _valor_con_dos_puntos(original: str, texto: str, linea: str, fila: int | None,
                          columna: int | None) -> _Causa | None:
    """«mapping values are not allowed»: un «:» donde YAML no espera una clave."""
    if "mapping values are not allowed" not in original or fila is None:
        return None
    # «clave:valor» sin espacio en esta línea o en la anterior no vacía: YAML lo lee como texto y
    # se queja más adelante; la causa está donde faltó el espacio.
    for f in (fila, fila - 1, fila - 2):
        m = _SIN_ESPACIO.match(_linea_de(texto, f) if f >= 0 else "")
        if m:
            return (f, m.end(), "yaml-sintaxis", f"falta un espacio después de «{m.group(2)}:»",
                    f"Escriba «{m.group(2)}: valor», con un espacio después de los dos puntos.")
    antes = linea[:columna]
    if ": " in antes.strip() or antes.strip().startswith("- ") and ": " in antes:
        return fila, columna, "yaml-sintaxis", "el valor contiene «: », que YAML lee como otra clave", _ENTRECOMILLE
    return fila, _sangria(linea), "yaml-sintaxis", "la sangría de esta línea no corresponde a la de su bloque", _SANGRIA


def _por_fragmento(original: str, fila: int | None, columna: int | None) -> _Causa | None:
    for fragmentos, codigo, mensaje, sugerencia in _CAUSAS:
        if any(f in original for f in fragmentos):
            return fila, columna, codigo, mensaje, sugerencia
    return None


def _inicio_no_admitido(original: str, linea: str, fila: int | None, columna: int | None) -> _Causa | None:
    if "cannot start any token" not in original or columna is None:
        return None
    caracter = linea[columna:columna + 1]
    return (fila, columna, "yaml-sintaxis", f"un valor no puede empezar con «{caracter}» sin comillas"
            if caracter.strip() else "hay un carácter que YAML no admite aquí", _ENTRECOMILLE)


def alias_y_etiquetas(raiz: Node, texto: str, nombre: str) -> list[Problema]:
    """Alias, etiquetas y anclas del documento ya compuesto (`texto` es su fuente), antes de interpretar
    nada: el formato no los admite, y con ellos el contenido no es confiable."""
    problemas: list[Problema] = []
    # Sin «&», «*» ni «!» no puede haber alias ni etiquetas: la pasada se omite.
    if "&" in texto or "*" in texto or "!" in texto:
        problemas = _revisar_arbol(raiz, nombre)
    if "&" in texto and not problemas:
        problemas = _anclas(texto, nombre)
    return problemas


def _revisar_arbol(raiz: Node, nombre: str) -> list[Problema]:
    """Una pasada lineal: alias y etiquetas, antes de interpretar nada.

    Un alias compone al *mismo* objeto nodo; volver a verlo delata el alias, y no
    descender dos veces mantiene lineal la pasada aunque el archivo sea una bomba.
    """
    problemas: list[Problema] = []
    vistos: set[int] = set()
    pendientes = [raiz]
    while pendientes:
        nodo = pendientes.pop()
        if id(nodo) in vistos:
            if not any(p.codigo == "yaml-alias" for p in problemas):
                problemas.append(problema_en(nodo, nombre, "yaml-alias",
                                             "El archivo usa anclas y alias de YAML (&ancla, *alias), que no se admiten.",
                                             "Escriba cada valor completo en su lugar."))
            continue
        vistos.add(id(nodo))
        if nodo.tag not in _ETIQUETAS_PERMITIDAS:
            problemas.append(problema_en(nodo, nombre, "yaml-etiqueta", f"Etiqueta de YAML no admitida: «{nodo.tag}».",
                                         "Quite la etiqueta (lo que empieza con «!»)."))
            continue
        if isinstance(nodo, ScalarNode):
            continue
        elif isinstance(nodo, MappingNode):
            for k, v in nodo.value:
                pendientes.append(v)
                pendientes.append(k)
        else:
            pendientes.extend(nodo.value)
    return problemas


def _anclas(texto: str, nombre: str) -> list[Problema]:
    """Un ancla sin alias («clave: &a valor») no cambia nada, pero el formato no las admite (README): el árbol
    ya compuesto no las guarda, así que se buscan en los eventos (solo si el texto trae «&»)."""
    eventos = _Parser(texto)
    try:
        while (evento := eventos.get_event()) is not None:
            if getattr(evento, "anchor", None):
                return [problema(nombre, evento.start_mark.line + 1, evento.start_mark.column + 1, "yaml-alias",
                                 f"El archivo usa un ancla de YAML (&{evento.anchor[:40]}), que no se admite.",
                                 "Quite el «&…» y escriba el valor completo.")]
    except yaml.YAMLError:
        return []
    finally:
        eventos.dispose()
    return []


def problema_en(nodo: Node, archivo: str, codigo: str, mensaje: str, sugerencia: str | None = None,
                severidad: str | None = None) -> Problema:
    """Un problema en la línea y la columna donde empieza `nodo` en su archivo."""
    m = nodo.start_mark
    return problema(archivo, m.line + 1, m.column + 1, codigo, mensaje, sugerencia, severidad)

