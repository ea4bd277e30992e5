"""Carga: de bytes a registros tipados, con la posición exacta de cada problema.

El YAML se *compone* (árbol de nodos con posiciones) pero nunca se *construye*
con los constructores de PyYAML: cada valor se interpreta aquí según el campo
que ocupa. Así YAML 1.1 no cambia datos en silencio (`no` → False,
`10:30` → 630), una fecha imposible es un problema y no un ValueError, y
ninguna etiqueta puede crear objetos de Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import catalogos as cat
from .modelo import (
    ORIGENES, PATRON_ID, PATRON_PERIODO, Acuerdo, Federal, InformeJLE, Medida, Mesa, Periodo, Proceso, Publicado,
    Reunion, ReunionFederal, Seguimiento, Solicitudes, Tema, formar_id,
)
from .escritura import describir, primer_ajeno
from .problemas import Problema, problema

try:  # libyaml compone diez veces más rápido que el lector en Python puro
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depende de cómo se instaló PyYAML
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

TAMANO_MAXIMO = 8 * 1024 * 1024  # bytes por archivo
TEXTO_MAXIMO = 20_000  # caracteres por valor
PROFUNDIDAD_MAXIMA = 32
LIMITE_POR_CODIGO = 100  # problemas listados por código y archivo; el resto se resume en una línea

_YAML = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = (_YAML + t for t in ("str", "null", "bool", "int", "float"))
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
            return _STR  # entre comillas o con etiqueta no específica
        if value in _NULOS:
            return _NULL
        if value in _BOOLEANOS and value not in ("y", "Y", "n", "N"):
            return _BOOL
        if value and (value[0].isdigit() or value[0] in "+-.") and _NUMERO_YAML11.match(value):
            return _FLOAT if "." in value else _INT
        return _STR

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass
_ETIQUETAS_PERMITIDAS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_FECHA = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ENTERO = re.compile(r"^(0|[1-9][0-9]*)$")


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
    return None


def leer_bytes(ruta: Path, nombre: str) -> tuple[bytes | None, list[Problema]]:
    """Los bytes del archivo, hasta un byte más del tamaño máximo (para saber que lo excede)."""
    try:
        with open(ruta, "rb") as f:
            return f.read(TAMANO_MAXIMO + 1), []
    except OSError as e:
        return None, [problema(nombre, None, None, "archivo-ilegible", f"No se pudo leer el archivo: {e.strerror}.")]


def leer_texto(ruta: Path, nombre: str) -> tuple[str | None, list[Problema]]:
    """Lee un archivo como UTF-8 (con o sin BOM); los problemas de bytes son valores."""
    datos, problemas = leer_bytes(ruta, nombre)
    return (None, problemas) if datos is None else decodificar(datos, nombre)


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
    """
    if _cota_de_anidamiento(texto) <= PROFUNDIDAD_MAXIMA:
        return None
    from yaml.events import CollectionEndEvent, CollectionStartEvent

    eventos = _Parser(texto)
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
    except yaml.YAMLError:
        return None  # la sintaxis la reporta componer, con su posición
    finally:
        eventos.dispose()


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
        return None, [_problema_de_sintaxis(e, nombre)]
    except yaml.reader.ReaderError as e:
        linea = texto.count("\n", 0, e.position) + 1
        return None, [problema(nombre, linea, None, "yaml-sintaxis",
                               f"Carácter no admitido en YAML (código {e.character!r}).",
                               "Quite caracteres de control; copie el texto como texto simple.")]
    except yaml.YAMLError as e:  # otros errores de libyaml sin posición
        return None, [problema(nombre, None, None, "yaml-sintaxis", f"YAML no válido: {e}")]
    if nodo is None:
        return None, [problema(nombre, 1, 1, "archivo-vacio", "El archivo no contiene datos (solo comentarios).",
                               "Use `informe plantilla` para obtener un archivo con los campos a llenar.")]
    return nodo, []


_TRADUCCIONES = (
    ("found character '\\t' that cannot start any token", "se encontró un tabulador donde YAML espera un valor"),
    ("found unexpected end of stream", "el archivo termina antes de cerrar unas comillas o un bloque"),
    ("found unknown escape character", "secuencia de escape desconocida dentro de comillas dobles"),
    ("mapping values are not allowed here", "aquí no se admite «clave: valor» (¿falta sangría o comillas?)"),
    ("could not find expected ':'", "falta «:» después de una clave"),
    ("did not find expected key", "se esperaba una clave; revise la sangría"),
    ("did not find expected '-' indicator", "se esperaba un elemento de lista «- »; revise la sangría"),
    ("expected a single document in the stream", "el archivo contiene más de un documento (---)"),
    ("found undefined alias", "se usa un alias (*) que no está definido"),
    ("found character that cannot start any token", "carácter que no puede iniciar un valor (¿falta entrecomillar?)"),
    ("did not find expected node content", "falta un valor"),
    ("found a tab character", "se encontró un tabulador; YAML solo admite espacios para sangrar"),
)


def _problema_de_sintaxis(e: yaml.MarkedYAMLError, nombre: str) -> Problema:
    marca = e.problem_mark or e.context_mark
    if (e.problem or "").startswith("found unexpected end of stream") and e.context_mark:
        marca = e.context_mark  # dónde se abrió lo que no se cerró, no el final del archivo
    linea = marca.line + 1 if marca else None
    columna = marca.column + 1 if marca else None
    original = e.problem or e.context or "error de sintaxis"
    texto = next((es for en, es in _TRADUCCIONES if original.startswith(en)), None)
    codigo = "yaml-sintaxis"
    sugerencia = "Revise comillas, sangría y los dos puntos de esa línea."
    if "\\t" in original or "tab character" in original:
        codigo = "yaml-tabulador"
        sugerencia = "Sustituya los tabuladores por espacios."
    elif (e.context or "").startswith("expected a single document"):
        texto = "el archivo contiene más de un documento (---)"
        codigo = "yaml-multiple"
        sugerencia = "Deje un solo documento: quite las líneas «---» intermedias."
    mensaje = f"YAML no válido: {texto}." if texto else f"YAML no válido: {original}."
    return problema(nombre, linea, columna, codigo, mensaje, sugerencia)


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
                problemas.append(_en(nodo, nombre, "yaml-alias",
                                     "El archivo usa anclas y alias de YAML (&ancla, *alias), que no se admiten.",
                                     "Escriba cada valor completo en su lugar."))
            continue
        vistos.add(id(nodo))
        if nodo.tag not in _ETIQUETAS_PERMITIDAS:
            problemas.append(_en(nodo, nombre, "yaml-etiqueta", f"Etiqueta de YAML no admitida: «{nodo.tag}».",
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


def _en(nodo: Node, archivo: str, codigo: str, mensaje: str, sugerencia: str | None = None,
        severidad: str | None = None) -> Problema:
    m = nodo.start_mark
    return problema(archivo, m.line + 1, m.column + 1, codigo, mensaje, sugerencia, severidad)


# --------------------------------------------------------------------------- lector de campos

class _Falla:
    """Valor centinela: el campo estaba, pero no se pudo interpretar (ya hay un problema)."""

    def __repr__(self) -> str:  # pragma: no cover
        return "FALLA"


FALLA = _Falla()


def _clave_canonica(texto: str) -> str:
    return cat.normalizar(texto).replace(" ", "_")


class Lector:
    """Interpreta nodos según el campo que ocupan y acumula los problemas."""

    def __init__(self, archivo: str):
        self.archivo = archivo
        self.problemas: list[Problema] = []
        self._cuentas: dict[str, int] = {}

    def contar(self, codigo: str) -> bool:
        """Cuenta un problema de `codigo`; True si todavía se lista (los primeros LIMITE_POR_CODIGO).

        Un archivo hostil pequeño (1 MB de claves desconocidas) daría cientos de miles de problemas,
        cada uno con su sugerencia: nadie los lee y calcularlos cuesta minutos. Quien llama pregunta
        antes de armar el mensaje; lo que no se lista lo resume `omitidos`.
        """
        self._cuentas[codigo] = self._cuentas.get(codigo, 0) + 1
        return self._cuentas[codigo] <= LIMITE_POR_CODIGO

    def reportar(self, nodo: Node, codigo: str, mensaje: str, sugerencia: str | None = None,
                 severidad: str | None = None) -> None:
        if self.contar(codigo):
            self.problemas.append(_en(nodo, self.archivo, codigo, mensaje, sugerencia, severidad))

    def omitidos(self) -> list[Problema]:
        """Una línea por código con lo que se dejó de listar."""
        return [problema(self.archivo, None, None, codigo,
                         f"… y {n - LIMITE_POR_CODIGO:,} problemas más del mismo tipo en este archivo.",
                         "Corrija los anteriores: suelen tener la misma causa.")
                for codigo, n in sorted(self._cuentas.items()) if n > LIMITE_POR_CODIGO]

    def mapa(self, nodo: Node, campos: dict[str, bool], donde: str) -> dict[str, Node] | None:
        """Valida un mapa: claves conocidas, sin duplicados, obligatorias presentes."""
        if not isinstance(nodo, MappingNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba un mapa de «clave: valor» y hay {_describir(nodo)}.")
            return None
        vistos: dict[str, Node] = {}
        presentes: dict[str, Node] = {}
        for k, v in nodo.value:
            if not isinstance(k, ScalarNode):
                self.reportar(k, "tipo-invalido", f"{donde}: una clave debe ser texto.")
                continue
            clave = k.value if k.value in campos else _clave_canonica(k.value)
            if clave not in campos:
                if self.contar("clave-desconocida"):
                    sugerida = cat.parecido(k.value, list(campos))
                    self.problemas.append(_en(k, self.archivo, "clave-desconocida",
                                              f"{donde}: clave desconocida «{k.value}».",
                                              f"¿Quiso decir «{sugerida}»?" if sugerida
                                              else f"Claves válidas: {', '.join(campos)}."))
                continue
            if clave in vistos:
                primera = vistos[clave].start_mark.line + 1
                self.reportar(k, "clave-duplicada", f"{donde}: la clave «{clave}» ya aparece en la línea {primera}.",
                              "Deje una sola; PyYAML conservaría solo la última sin avisar.")
                continue
            vistos[clave] = k
            presentes[clave] = v
        for campo, requerido in campos.items():
            if requerido and campo not in presentes:
                self.reportar(nodo, "campo-requerido", f"{donde}: falta el campo obligatorio «{campo}».")
        return presentes

    def lista(self, nodo: Node, donde: str) -> list[Node] | None | _Falla:
        if _es_nulo(nodo):
            return None
        if not isinstance(nodo, SequenceNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba una lista (elementos con «- ») y hay {_describir(nodo)}.")
            return FALLA
        return nodo.value

    def texto(self, nodo: Node | None, donde: str, codigo_vacio: str | None = None) -> str | None | _Falla:
        if nodo is None or _es_nulo(nodo):
            if codigo_vacio and nodo is not None:
                self.reportar(nodo, codigo_vacio, f"{donde}: está vacío.", "Escriba el texto o quite el elemento.")
                return FALLA
            return None
        if not isinstance(nodo, ScalarNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba texto y hay {_describir(nodo)}.")
            return FALLA
        if len(nodo.value) > TEXTO_MAXIMO:
            self.reportar(nodo, "texto-largo", f"{donde}: tiene {len(nodo.value):,} caracteres; el máximo es {TEXTO_MAXIMO:,}.",
                          "Resuma el texto; el detalle puede ir en un oficio aparte.")
            return FALLA
        valor = nodo.value if nodo.style in ("|", ">") else nodo.value.strip()
        ajeno = primer_ajeno(nodo.value)
        if ajeno is not None:
            self._reportar_ajeno(nodo, donde, *ajeno)
        if not valor.strip():
            if codigo_vacio:
                self.reportar(nodo, codigo_vacio, f"{donde}: está vacío.", "Escriba el texto o quite el elemento.")
                return FALLA
            return None
        return valor

    def _reportar_ajeno(self, nodo: ScalarNode, donde: str, posicion: int, caracter: str, motivo: str) -> None:
        linea, columna = nodo.start_mark.line + 1, nodo.start_mark.column + 1
        if nodo.start_mark.line == nodo.end_mark.line:  # en una sola línea la columna es exacta
            columna += posicion + (1 if nodo.style in ("'", '"') else 0)
        if not self.contar("texto-escritura"):
            return
        contexto = nodo.value[max(0, posicion - 15):posicion + 15].replace("\n", " ")
        self.problemas.append(problema(
            self.archivo, linea, columna, "texto-escritura",
            f"{donde}: {motivo} ({describir(caracter)}) en «…{''.join(c if c.isprintable() else '·' for c in contexto)}…».",
            "Si viene de copiar un PDF, reescriba la palabra; si no se ve, bórrelo."))

    def fecha(self, nodo: Node | None, donde: str) -> date | None | _Falla:
        if nodo is None or _es_nulo(nodo):
            return None
        if not isinstance(nodo, ScalarNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba una fecha y hay {_describir(nodo)}.")
            return FALLA
        m = _FECHA.match(nodo.value.strip())
        if not m:
            self.reportar(nodo, "fecha-invalida", f"{donde}: «{_corto(nodo.value)}» no es una fecha AAAA-MM-DD.",
                          "Escriba la fecha como 2024-05-02.")
            return FALLA
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            self.reportar(nodo, "fecha-invalida", f"{donde}: la fecha {nodo.value} no existe.",
                          "Revise el día y el mes.")
            return FALLA

    def entero(self, nodo: Node | None, donde: str, codigo: str = "numero-invalido") -> int | None | _Falla:
        if nodo is None or _es_nulo(nodo):
            return None
        if not isinstance(nodo, ScalarNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba un número y hay {_describir(nodo)}.")
            return FALLA
        crudo = nodo.value.strip()
        if _plano(nodo) and _ENTERO.match(crudo):
            if len(crudo) > 9:  # int() de miles de dígitos es lento o falla; ninguna cifra del informe llega ahí
                self.reportar(nodo, codigo, f"{donde}: un número de {len(crudo):,} cifras no es una cifra plausible.",
                              "Revise el valor: ¿se pegó otro dato?")
                return FALLA
            return int(crudo)
        if _plano(nodo) and ":" in crudo and nodo.tag in (_YAML + "int", _YAML + "float"):
            self.reportar(nodo, "yaml-ambiguo",
                          f"{donde}: «{crudo}» se leería en YAML 1.1 como un número sexagesimal.",
                          "Escriba un número entero sin «:».")
        elif re.fullmatch(r"0[0-9_]+", crudo):
            self.reportar(nodo, codigo, f"{donde}: «{crudo}» tiene ceros a la izquierda (YAML 1.1 lo leería como octal o texto).",
                          f"Escriba {int(crudo.replace('_', '') or 0, 10)} sin ceros a la izquierda.")
        elif crudo.startswith("-") and _ENTERO.match(crudo[1:]):
            self.reportar(nodo, codigo, f"{donde}: «{crudo}» es negativo.", "Escriba un número mayor o igual a 0.")
        elif not _plano(nodo) and _ENTERO.match(crudo):
            self.reportar(nodo, codigo, f"{donde}: «{crudo}» está entre comillas: es texto, no número.",
                          f"Escriba {crudo} sin comillas.")
        else:
            self.reportar(nodo, codigo, f"{donde}: «{_corto(crudo)}» no es un número entero no negativo.",
                          "Escriba solo cifras, sin decimales ni texto.")
        return FALLA

    def opcion(self, nodo: Node | None, donde: str, buscar: Callable[[str], str | None],
               opciones: tuple[str, ...], codigo: str) -> str | None | _Falla:
        """Un valor de catálogo; devuelve la forma canónica."""
        if nodo is None or _es_nulo(nodo):
            return None
        if not isinstance(nodo, ScalarNode):
            self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba un valor y hay {_describir(nodo)}.")
            return FALLA
        if _plano(nodo) and nodo.tag == _YAML + "bool":
            self.reportar(nodo, "yaml-ambiguo",
                          f"{donde}: «{nodo.value}» se leería en YAML 1.1 como valor booleano, no como texto.",
                          f"Use uno de: {', '.join(opciones)}.")
            return FALLA
        hallado = buscar(nodo.value)
        if hallado is None:
            if self.contar(codigo):
                parecida = cat.parecido(nodo.value, opciones)
                self.problemas.append(_en(nodo, self.archivo, codigo, f"{donde}: «{_corto(nodo.value)}» no está en el catálogo.",
                                          f"¿Quiso decir «{parecida}»?" if parecida
                                          else f"Use uno de: {', '.join(opciones)}."))
            return FALLA
        return hallado

    def booleano(self, nodo: Node | None, donde: str) -> bool | None | _Falla:
        if nodo is None or _es_nulo(nodo):
            return None
        if isinstance(nodo, ScalarNode) and nodo.value in ("true", "false"):
            return nodo.value == "true"
        self.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba true o false.", "Escriba true o false.")
        return FALLA


def _plano(nodo: Node) -> bool:
    """Escalar sin comillas ni bloque (libyaml marca el estilo plano con '', PyYAML con None)."""
    return not nodo.style


def _es_nulo(nodo: Node) -> bool:
    return isinstance(nodo, ScalarNode) and nodo.tag == _YAML + "null" and _plano(nodo)


def _describir(nodo: Node) -> str:
    if isinstance(nodo, MappingNode):
        return "un mapa"
    if isinstance(nodo, SequenceNode):
        return "una lista"
    return f"«{_corto(nodo.value)}»"


def _corto(texto: str, largo: int = 60) -> str:
    return texto if len(texto) <= largo else texto[: largo - 1] + "…"


def _linea(nodo: Node) -> int:
    return nodo.start_mark.line + 1


def _ok(valor):
    return None if valor is FALLA else valor


# --------------------------------------------------------------------------- tipos de archivo

CAMPOS_JLE = {"entidad": True, "periodo": True, "mesa": False, "reuniones": False,
              "acuerdos": False, "seguimiento": False, "medidas": False}
CAMPOS_ACUERDO = {"id": False, "descripcion": True, "estatus": False, "fecha": False}


def _leer_periodo_id(lector: Lector, nodo: Node | None, donde: str) -> str | None:
    if nodo is None:
        return None
    valor = lector.texto(nodo, donde)
    if valor is FALLA or valor is None:
        if valor is None:
            lector.reportar(nodo, "periodo-invalido", f"{donde}: está vacío.", "Escriba el periodo como 2024-05.")
        return None
    if not PATRON_PERIODO.match(valor):
        lector.reportar(nodo, "periodo-invalido", f"{donde}: «{_corto(valor)}» no tiene la forma AAAA-MM.",
                        "Escriba el mes en que se presenta el informe, como 2024-05.")
        return None
    return valor


def leer_jle(raiz: Node, lector: Lector) -> InformeJLE | None:
    campos = lector.mapa(raiz, CAMPOS_JLE, "raíz")
    if campos is None:
        return None
    entidad = None
    if "entidad" in campos:
        texto = lector.texto(campos["entidad"], "entidad", "campo-requerido")
        if isinstance(texto, str):
            e = cat.buscar_entidad(texto)
            if e is None:
                parecida = cat.entidad_parecida(texto)
                lector.reportar(campos["entidad"], "entidad-desconocida", f"entidad: «{_corto(texto)}» no está en el catálogo.",
                                f"¿Quiso decir «{parecida}»?" if parecida else "Escriba el nombre oficial de la entidad.")
            else:
                entidad = e.abreviatura
    periodo = _leer_periodo_id(lector, campos.get("periodo"), "periodo")

    informe = InformeJLE(archivo=lector.archivo, entidad=entidad or "?", periodo=periodo or "?",
                         lineas={k: _linea(n) for k, n in campos.items()})
    if "mesa" in campos:
        informe.mesa = _leer_mesa(lector, campos["mesa"])
    if "reuniones" in campos:
        informe.reuniones = _leer_lista(lector, campos["reuniones"], "reuniones", _leer_reunion)
    if "acuerdos" in campos:
        leidos = _leer_lista(lector, campos["acuerdos"], "acuerdos", _leer_acuerdo)
        informe.acuerdos = leidos or []
        informe.acuerdos_reportados = leidos is not None
    if "seguimiento" in campos:
        informe.seguimiento = _leer_lista(lector, campos["seguimiento"], "seguimiento", _leer_seguimiento) or []
    if "medidas" in campos:
        informe.medidas = _leer_lista(lector, campos["medidas"], "medidas", _leer_medida)
    if entidad is None or periodo is None:
        return None
    _asignar_ids(informe, lector)
    return informe


def _leer_lista(lector: Lector, nodo: Node, donde: str, leer_elemento) -> list | None:
    elementos = lector.lista(nodo, donde)
    if elementos is FALLA:
        return []
    if elementos is None:
        return None
    salida = []
    for i, elemento in enumerate(elementos, 1):
        registro = leer_elemento(lector, elemento, f"{donde}[{i}]")
        if registro is not None:
            salida.append(registro)
    return salida


def _leer_mesa(lector: Lector, nodo: Node) -> Mesa | None:
    campos = lector.mapa(nodo, {"instalada": True}, "mesa")
    if not campos or "instalada" not in campos:
        return None
    instalada = lector.fecha(campos["instalada"], "mesa.instalada")
    return None if instalada is FALLA else Mesa(instalada, _linea(campos["instalada"]))


def _leer_reunion(lector: Lector, nodo: Node, donde: str) -> Reunion | None:
    campos = lector.mapa(nodo, {"fecha": True, "modalidad": False, "asistentes": False, "temas": False}, donde)
    if campos is None:
        return None
    fecha = lector.fecha(campos.get("fecha"), f"{donde}.fecha")
    modalidad = lector.opcion(campos.get("modalidad"), f"{donde}.modalidad", cat.buscar_modalidad,
                              cat.MODALIDADES, "modalidad-desconocida")
    asistentes = lector.entero(campos.get("asistentes"), f"{donde}.asistentes", "asistentes-invalido")
    temas = None
    if "temas" in campos:
        temas = _leer_lista(lector, campos["temas"], f"{donde}.temas", _leer_tema)
    if not isinstance(fecha, date):
        return None
    return Reunion(fecha, _ok(modalidad), _ok(asistentes), temas, _linea(nodo))


def _leer_tema(lector: Lector, nodo: Node, donde: str) -> Tema | None:
    campos = lector.mapa(nodo, {"tipo": True, "descripcion": False}, donde)
    if campos is None:
        return None
    tipo = lector.opcion(campos.get("tipo"), f"{donde}.tipo", cat.buscar_tipo_tema, cat.TIPOS_TEMA, "tema-desconocido")
    descripcion = lector.texto(campos.get("descripcion"), f"{donde}.descripcion")
    if not isinstance(tipo, str):
        if tipo is None and "tipo" in campos:
            lector.reportar(campos["tipo"], "campo-requerido", f"{donde}.tipo: está vacío.",
                            f"Use uno de: {', '.join(cat.TIPOS_TEMA)}.")
        return None
    return Tema(tipo, _ok(descripcion), _linea(nodo))


def _leer_estatus(lector: Lector, campos: dict[str, Node], nodo: Node, donde: str) -> str | None | _Falla:
    estatus = lector.opcion(campos.get("estatus"), f"{donde}.estatus", cat.buscar_estatus, cat.ESTATUS,
                            "estatus-desconocido")
    if estatus is None:
        lector.reportar(campos.get("estatus", nodo), "estatus-faltante", f"{donde}: no reporta estatus.",
                        f"Indique uno de: {', '.join(cat.ESTATUS)}; si no se conoce, se contará como «Sin estatus».")
    return estatus


def _leer_acuerdo(lector: Lector, nodo: Node, donde: str) -> Acuerdo | None:
    campos = lector.mapa(nodo, CAMPOS_ACUERDO, donde)
    if campos is None:
        return None
    id_ = lector.texto(campos.get("id"), f"{donde}.id")
    descripcion = lector.texto(campos.get("descripcion"), f"{donde}.descripcion", "descripcion-vacia")
    estatus = _leer_estatus(lector, campos, nodo, donde)
    fecha = lector.fecha(campos.get("fecha"), f"{donde}.fecha")
    if not isinstance(descripcion, str) or estatus is FALLA:
        return None
    acuerdo = Acuerdo(id_ if isinstance(id_, str) else "", descripcion, estatus, _ok(fecha), _linea(nodo),
                      id_explicito=isinstance(id_, str))
    return acuerdo


def _leer_seguimiento(lector: Lector, nodo: Node, donde: str) -> Seguimiento | None:
    campos = lector.mapa(nodo, {"acuerdo": True, "estatus": True}, donde)
    if campos is None:
        return None
    id_ = lector.texto(campos.get("acuerdo"), f"{donde}.acuerdo", "campo-requerido")
    estatus = lector.opcion(campos.get("estatus"), f"{donde}.estatus", cat.buscar_estatus, cat.ESTATUS,
                            "estatus-desconocido")
    if estatus is None and "estatus" in campos:
        lector.reportar(campos["estatus"], "campo-requerido", f"{donde}.estatus: está vacío.",
                        f"Indique uno de: {', '.join(cat.ESTATUS)}.")
    if isinstance(id_, str) and not PATRON_ID.match(id_):
        lector.reportar(campos["acuerdo"], "seguimiento-desconocido",
                        f"{donde}.acuerdo: «{_corto(id_)}» no es un identificador de acuerdo.",
                        "Copie el identificador tal como aparece en la plantilla (por ejemplo BC-2024-04-003).")
        return None
    if not isinstance(id_, str) or not isinstance(estatus, str):
        return None
    return Seguimiento(id_, estatus, _linea(nodo))


def _leer_medida(lector: Lector, nodo: Node, donde: str) -> Medida | None:
    campos = lector.mapa(nodo, {"descripcion": True, "estatus": False}, donde)
    if campos is None:
        return None
    descripcion = lector.texto(campos.get("descripcion"), f"{donde}.descripcion", "descripcion-vacia")
    estatus = _leer_estatus(lector, campos, nodo, donde)
    if not isinstance(descripcion, str) or estatus is FALLA:
        return None
    return Medida(descripcion, estatus, _linea(nodo))


def _asignar_ids(informe: InformeJLE, lector: Lector) -> None:
    """Identificadores `ABREV-AAAA-MM-NNN`.

    Un id escrito en el archivo es del acuerdo para siempre (reordenar o editar el
    texto no lo cambia). Los acuerdos sin id reciben, en el orden del archivo, el
    siguiente número libre después del mayor ya usado: así agregar acuerdos nuevos
    nunca mueve los de antes. `informe recibir` e `informe importar` escriben los
    ids en el archivo que guardan.
    """
    prefijo = f"{informe.entidad}-{informe.periodo}-"
    usados: set[str] = set()
    mayor = 0
    for a in informe.acuerdos:
        if not a.id_explicito:
            continue
        m = PATRON_ID.match(a.id)
        if not m or not a.id.startswith(prefijo):
            lector.problemas.append(problema(lector.archivo, a.linea, None, "id-invalido",
                                             f"El identificador «{_corto(a.id)}» no corresponde a {prefijo}NNN.",
                                             "Borre el campo id: la herramienta asigna los identificadores."))
            a.id_explicito = False
            continue
        if a.id in usados:
            lector.problemas.append(problema(lector.archivo, a.linea, None, "id-duplicado",
                                             f"El identificador «{a.id}» ya lo usa otro acuerdo del archivo.",
                                             "Borre el id repetido: la herramienta asignará uno nuevo."))
            a.id_explicito = False
            continue
        usados.add(a.id)
        mayor = max(mayor, int(m[3]))
    for a in informe.acuerdos:
        if not a.id_explicito:
            mayor += 1
            a.id = formar_id(informe.entidad, informe.periodo, mayor)


CAMPOS_PERIODO = {"numero": True, "inicio": True, "fin": True, "ultimo": False, "corte_estatal": False,
                  "saldo_anterior": False, "publicado": False, "supuestos": False,
                  "origen": False}


def leer_periodo(raiz: Node, lector: Lector, id_carpeta: str | None) -> Periodo | None:
    campos = lector.mapa(raiz, CAMPOS_PERIODO, "raíz")
    if campos is None:
        return None
    numero = lector.entero(campos.get("numero"), "numero")
    if isinstance(numero, int) and not 1 <= numero <= 30:
        lector.reportar(campos["numero"], "numero-invalido", f"numero: {numero} está fuera del rango 1 a 30.")
        numero = FALLA
    inicio = lector.fecha(campos.get("inicio"), "inicio")
    fin = lector.fecha(campos.get("fin"), "fin")
    ultimo = lector.booleano(campos.get("ultimo"), "ultimo")
    origen = _ok(lector.opcion(campos.get("origen"), "origen", lambda t: next(
        (o for o in ORIGENES if cat.normalizar(o) == cat.normalizar(t)), None), ORIGENES, "origen-desconocido"))
    corte = _ok(lector.fecha(campos.get("corte_estatal"), "corte_estatal"))
    saldo, desde, hasta = _leer_saldo(lector, campos["saldo_anterior"]) if "saldo_anterior" in campos else (None, None, None)
    publicado = _leer_publicado(lector, campos["publicado"]) if "publicado" in campos else None
    supuestos = _leer_lista(lector, campos["supuestos"], "supuestos",
                            lambda lec, n, d: _ok(lec.texto(n, d, "descripcion-vacia"))) if "supuestos" in campos else []
    if isinstance(inicio, date) and isinstance(fin, date) and inicio > fin:
        lector.reportar(campos["inicio"], "periodo-rango", f"inicio ({inicio}) es posterior a fin ({fin}).")
        return None
    if isinstance(fin, date) and corte is not None and not (isinstance(inicio, date) and inicio <= corte <= fin):
        lector.reportar(campos["corte_estatal"], "periodo-rango",
                        f"corte_estatal ({corte}) debe caer entre inicio y fin del periodo.")
        corte = None
    if not (isinstance(numero, int) and isinstance(inicio, date) and isinstance(fin, date)):
        return None
    return Periodo(lector.archivo, id_carpeta or f"{fin.year}-{fin.month:02d}", numero, inicio, fin,
                   bool(_ok(ultimo)), saldo, supuestos or [], corte, desde, hasta, publicado, origen or "jle")


def _leer_saldo(lector: Lector, nodo: Node) -> tuple[dict[str, int] | None, date | None, date | None]:
    """El estatus, a este corte, de los acuerdos de informes que no están en el sistema, y cuándo se tomaron."""
    etiquetas = {"Planeación": False, "En proceso": False, "Concluido": False, "Sin estatus": False,
                 "desde": False, "hasta": False}
    campos = lector.mapa(nodo, etiquetas, "saldo_anterior")
    if campos is None:
        return None, None, None
    saldo = {}
    for clave, valor in campos.items():
        if clave in ("desde", "hasta"):
            continue
        n = lector.entero(valor, f"saldo_anterior.{clave}")
        if isinstance(n, int):
            saldo[clave] = n
    desde = _ok(lector.fecha(campos.get("desde"), "saldo_anterior.desde"))
    hasta = _ok(lector.fecha(campos.get("hasta"), "saldo_anterior.hasta"))
    return saldo, desde, hasta


CAMPOS_PUBLICADO = {"reuniones": False, "entidades": False, "asistentes": False, "temas": False,
                    "acuerdos": False, "jle_incorporadas": False, "jle_no_incorporadas": False,
                    "reuniones_tardias": False}


def _porcentaje(lector: Lector, nodo: Node, donde: str) -> float | None:
    crudo = nodo.value.strip() if isinstance(nodo, ScalarNode) else ""
    if isinstance(nodo, ScalarNode) and _plano(nodo) and re.fullmatch(r"\d{1,3}(\.\d{1,2})?", crudo) \
            and float(crudo) <= 100:
        return float(crudo)
    lector.reportar(nodo, "numero-invalido", f"{donde}: se esperaba un porcentaje entre 0 y 100 (como 38.4).")
    return None


def _leer_publicado(lector: Lector, nodo: Node) -> Publicado | None:
    campos = lector.mapa(nodo, CAMPOS_PUBLICADO, "publicado")
    if campos is None:
        return None
    # la línea de cada clave (no de su valor): ahí se señala una cifra que no cuadra
    claves = {k.value: _linea(k) for k, _ in nodo.value if isinstance(k, ScalarNode)}
    pub = Publicado(_linea(nodo), lineas={k: claves.get(k, _linea(v)) for k, v in campos.items()})
    for clave in ("reuniones", "entidades", "jle_incorporadas"):
        setattr(pub, clave, _ok(lector.entero(campos.get(clave), f"publicado.{clave}")))
    if "asistentes" in campos:
        rango = lector.mapa(campos["asistentes"], {"minimo": True, "maximo": True}, "publicado.asistentes") or {}
        pub.asistentes_min = _ok(lector.entero(rango.get("minimo"), "publicado.asistentes.minimo"))
        pub.asistentes_max = _ok(lector.entero(rango.get("maximo"), "publicado.asistentes.maximo"))
    if "temas" in campos:
        temas = lector.mapa(campos["temas"], {t: True for t in cat.TIPOS_TEMA}, "publicado.temas") or {}
        valores = {t: _porcentaje(lector, n, f"publicado.temas.{t}") for t, n in temas.items()}
        if len(valores) == len(cat.TIPOS_TEMA) and None not in valores.values():
            pub.temas = {t: valores[t] for t in cat.TIPOS_TEMA}
            if abs(sum(pub.temas.values()) - 100) > 0.15:
                lector.reportar(campos["temas"], "publicado-no-cuadra",
                                f"publicado.temas: los porcentajes suman {sum(pub.temas.values()):.1f}, no 100.")
    if "acuerdos" in campos:
        estatus = lector.mapa(campos["acuerdos"], {e: False for e in (*cat.ESTATUS, cat.SIN_ESTATUS)},
                              "publicado.acuerdos") or {}
        conteo = {e: _ok(lector.entero(n, f"publicado.acuerdos.{e}")) for e, n in estatus.items()}
        if conteo and None not in conteo.values():
            pub.acuerdos = {e: conteo.get(e, 0) for e in (*cat.ESTATUS, cat.SIN_ESTATUS)}
    if "jle_no_incorporadas" in campos:
        pub.jle_no_incorporadas = _leer_lista(lector, campos["jle_no_incorporadas"], "publicado.jle_no_incorporadas",
                                              lambda lec, n, d: getattr(_entidad(lec, n, d), "abreviatura", None)) or []
    if "reuniones_tardias" in campos:
        pub.tardias = _leer_lista(lector, campos["reuniones_tardias"], "publicado.reuniones_tardias",
                                  _leer_tardia) or []
    if pub.reuniones is not None and pub.entidades is not None and pub.entidades > pub.reuniones:
        lector.reportar(campos["entidades"], "publicado-no-cuadra",
                        f"publicado: {pub.entidades} entidades con reuniones, pero solo {pub.reuniones} reuniones.")
    if (pub.asistentes_min is not None and pub.asistentes_max is not None
            and pub.asistentes_min > pub.asistentes_max):
        lector.reportar(campos["asistentes"], "publicado-no-cuadra",
                        f"publicado.asistentes: el mínimo ({pub.asistentes_min}) excede al máximo ({pub.asistentes_max}).")
    return pub


def _entidad(lector: Lector, nodo: Node | None, donde: str, codigo_vacio: str = "descripcion-vacia"):
    """Una entidad del catálogo escrita en un campo de texto (nombre, abreviatura o alias), o None."""
    texto = _ok(lector.texto(nodo, donde, codigo_vacio))
    e = cat.buscar_entidad(texto) if isinstance(texto, str) else None
    if isinstance(texto, str) and e is None:
        lector.reportar(nodo, "entidad-desconocida", f"{donde}: «{_corto(texto)}» no está en el catálogo.")
    return e


def _leer_tardia(lector: Lector, nodo: Node, donde: str) -> dict | None:
    campos = lector.mapa(nodo, {"entidad": True, "fecha": True, "reportada": False}, donde)
    if not campos:
        return None
    e = _entidad(lector, campos.get("entidad"), f"{donde}.entidad", "campo-requerido")
    fecha = _ok(lector.fecha(campos.get("fecha"), f"{donde}.fecha"))
    reportada = _ok(lector.fecha(campos.get("reportada"), f"{donde}.reportada"))
    if e is None or fecha is None:
        return None
    return {"entidad": e.corto, "fecha": fecha.isoformat(), "reportada": reportada.isoformat() if reportada else None}


def leer_federal(raiz: Node, lector: Lector, periodo: str | None) -> Federal | None:
    campos = lector.mapa(raiz, {"reuniones": False, "historico": False, "solicitudes": False}, "raíz")
    if campos is None:
        return None
    reuniones = _leer_lista(lector, campos["reuniones"], "reuniones", _leer_reunion_federal) if "reuniones" in campos else None
    historico = _leer_lista(lector, campos["historico"], "historico", _leer_reunion_federal) if "historico" in campos else None
    solicitudes = None
    if "solicitudes" in campos:
        s = lector.mapa(campos["solicitudes"], {"recibidas": False, "sspc": False, "opl": False}, "solicitudes")
        if s is not None:
            valores = {k: _ok(lector.entero(s.get(k), f"solicitudes.{k}")) for k in ("recibidas", "sspc", "opl")}
            solicitudes = Solicitudes(**valores)
            if None not in valores.values() and valores["recibidas"] != valores["sspc"] + valores["opl"]:
                lector.reportar(campos["solicitudes"], "solicitudes-no-cuadran",
                                f"solicitudes: {valores['sspc']} a la SSPC + {valores['opl']} a los OPL "
                                f"no suman las {valores['recibidas']} recibidas.")
    return Federal(lector.archivo, periodo or "?", reuniones, solicitudes, historico)


def _leer_reunion_federal(lector: Lector, nodo: Node, donde: str) -> ReunionFederal | None:
    campos = lector.mapa(nodo, {"fecha": True, "nombre": True, "puntos": False, "resumen": False}, donde)
    if campos is None:
        return None
    fecha = lector.fecha(campos.get("fecha"), f"{donde}.fecha")
    nombre = lector.texto(campos.get("nombre"), f"{donde}.nombre", "descripcion-vacia")
    puntos = _leer_lista(lector, campos["puntos"], f"{donde}.puntos",
                         lambda lec, n, d: _ok(lec.texto(n, d, "descripcion-vacia"))) if "puntos" in campos else []
    resumen = lector.texto(campos.get("resumen"), f"{donde}.resumen")
    if not isinstance(fecha, date) or not isinstance(nombre, str):
        return None
    return ReunionFederal(fecha, nombre, puntos or [], _ok(resumen), _linea(nodo))


def leer_proceso(raiz: Node, lector: Lector) -> Proceso | None:
    campos = lector.mapa(raiz, {"nombre": True, "institucion": True, "area": True, "textos": False,
                                "catalogos": False}, "raíz")
    if campos is None:
        return None
    valores = {k: lector.texto(campos.get(k), k, "campo-requerido") for k in ("nombre", "institucion", "area")}
    textos = _leer_pares(lector, campos.get("textos"), "textos", lambda v, d: lector.texto(v, d))
    alias_entidades: dict[str, str] = {}
    alias_estatus: dict[str, str] = {}
    if "catalogos" in campos:
        catalogos = lector.mapa(campos["catalogos"], {"entidades": False, "estatus": False}, "catalogos") or {}

        alias_entidades = _leer_pares(lector, catalogos.get("entidades"), "catalogos.entidades",
                                      lambda v, d: getattr(_entidad(lector, v, d, None), "abreviatura", None))
        alias_estatus = _leer_pares(lector, catalogos.get("estatus"), "catalogos.estatus",
                                    lambda v, d: _ok(lector.opcion(v, d, cat.buscar_estatus, cat.ESTATUS,
                                                                   "estatus-desconocido")))
    if not all(isinstance(v, str) for v in valores.values()):
        return None
    return Proceso(lector.archivo, textos=textos, alias_entidades=alias_entidades, alias_estatus=alias_estatus,
                   **valores)  # type: ignore[arg-type]


def _leer_pares(lector: Lector, nodo: Node | None, donde: str, valor) -> dict[str, str]:
    """Un mapa libre «clave: valor» (alias, rutas); `valor` interpreta y valida cada valor."""
    if nodo is None or _es_nulo(nodo):
        return {}
    if not isinstance(nodo, MappingNode):
        lector.reportar(nodo, "tipo-invalido", f"{donde}: se esperaba un mapa de «clave: valor».")
        return {}
    pares = {}
    for k, v in nodo.value:
        if isinstance(k, ScalarNode):
            interpretado = valor(v, f"{donde}.{k.value}")
            if isinstance(interpretado, str):
                pares[k.value] = interpretado
    return pares


# --------------------------------------------------------------------------- punto de entrada

@dataclass(slots=True)
class Carga:
    archivo: str
    tipo: str  # "jle" | "periodo" | "federal" | "proceso"
    registro: object | None
    problemas: list[Problema]


def tipo_de_archivo(ruta: Path) -> str:
    nombre = ruta.name.lower()
    for tipo in ("periodo", "federal", "proceso"):
        if nombre in (f"{tipo}.yaml", f"{tipo}.yml"):
            return tipo
    return "jle"


def periodo_de_carpeta(ruta: Path) -> str | None:
    """`datos/2024-05/jle/bc.yaml` y `datos/2024-05/periodo.yaml` → «2024-05»."""
    for parte in (ruta.parent.name, ruta.parent.parent.name):
        if PATRON_PERIODO.match(parte):
            return parte
    return None


def cargar_archivo(ruta: Path, nombre: str | None = None) -> Carga:
    """Lee los bytes una vez; la caché se consulta por la huella de esos mismos bytes (no por ruta ni fecha)."""
    from . import cache

    nombre = nombre if nombre is not None else str(ruta)
    tipo = tipo_de_archivo(ruta)
    datos, problemas = leer_bytes(ruta, nombre)
    if datos is None:
        return Carga(nombre, tipo, None, problemas)
    huella = cache.clave(datos, tipo, periodo_de_carpeta(ruta) or "")
    guardada = cache.leer(huella, nombre)
    if guardada is not None:
        return guardada
    carga = _cargar_bytes(datos, ruta, nombre, tipo)
    cache.guardar(huella, carga)
    return carga


def _cargar_bytes(datos: bytes, ruta: Path, nombre: str, tipo: str) -> Carga:
    texto, problemas = decodificar(datos, nombre)
    if texto is None:
        return Carga(nombre, tipo, None, problemas)
    raiz, problemas = componer(texto, nombre)
    if raiz is None:
        if len(problemas) == 1 and problemas[0].codigo == "yaml-sintaxis" and problemas[0].linea:
            problemas += _resto_tras_error(texto, nombre, tipo, ruta, problemas[0].linea)
        return Carga(nombre, tipo, None, problemas)
    # Sin «&», «*» ni «!» no puede haber alias ni etiquetas: la pasada se omite.
    if "&" in texto or "*" in texto or "!" in texto:
        problemas = _revisar_arbol(raiz, nombre)
    if problemas:  # con alias o etiquetas no se interpreta nada más: el contenido no es confiable
        return Carga(nombre, tipo, None, problemas)
    if not isinstance(raiz, MappingNode):
        return Carga(nombre, tipo, None, [_en(raiz, nombre, "raiz-no-mapa",
                                               f"El documento debe ser un mapa de «clave: valor» y es {_describir(raiz)}.",
                                               "Empiece el archivo con «entidad: …» (vea `informe plantilla`).")])
    lector = Lector(nombre)
    registro = _interpretar(raiz, lector, tipo, ruta)
    return Carga(nombre, tipo, registro, lector.problemas + lector.omitidos())


def _interpretar(raiz: Node, lector: Lector, tipo: str, ruta: Path):
    if tipo == "jle":
        return leer_jle(raiz, lector)
    if tipo == "periodo":
        return leer_periodo(raiz, lector, periodo_de_carpeta(ruta))
    if tipo == "federal":
        return leer_federal(raiz, lector, periodo_de_carpeta(ruta))
    return leer_proceso(raiz, lector)


_CLAVE_DE_PRIMER_NIVEL = re.compile(r"^([^\s#][^:]*?)\s*:")
# Un archivo con un error de sintaxis se vuelve a leer sin el bloque de primer nivel que lo contiene, para
# reportar también los problemas del resto (un solo viaje de correo). Acotado: pocos reintentos y
# archivos de tamaño normal, para que un archivo hostil no multiplique el costo.
_REINTENTOS, _TAMANO_REINTENTO = 3, 1024 * 1024


def _resto_tras_error(texto: str, nombre: str, tipo: str, ruta: Path, linea_error: int) -> list[Problema]:
    """Problemas del resto del archivo, con sus líneas reales; el bloque con el error queda en blanco."""
    if len(texto) > _TAMANO_REINTENTO:
        return []
    lineas = texto.split("\n")
    inicios = [i for i, l in enumerate(lineas) if l[:1] not in ("", " ", "\t", "#") and l.strip()]
    quitadas: set[str] = set()
    for _ in range(_REINTENTOS):
        bloque = max((i for i in inicios if i <= linea_error - 1), default=None)
        if bloque is None:
            return []
        fin = next((i for i in inicios if i > bloque), len(lineas))
        if bloque == linea_error - 1 and bloque != inicios[0]:
            # el error cae en la primera línea de un bloque: lo que no se cerró empezó en el anterior
            bloque = max(i for i in inicios if i < bloque)
        for i in (i for i in inicios if bloque <= i < fin):
            clave = _CLAVE_DE_PRIMER_NIVEL.match(lineas[i])
            quitadas.add(clave[1] if clave else "")
        lineas[bloque:fin] = [""] * (fin - bloque)  # mismas líneas: los números siguen siendo los del archivo
        raiz, problemas = componer("\n".join(lineas), nombre)
        if raiz is None:
            if not problemas or problemas[0].codigo != "yaml-sintaxis" or not problemas[0].linea:
                return []
            linea_error = problemas[0].linea
            continue
        if not isinstance(raiz, MappingNode):
            return []
        lector = Lector(nombre)
        _interpretar(raiz, lector, tipo, ruta)
        # lo que falta porque se quitó no es otro error: ya se reportó el de sintaxis
        return [p for p in lector.problemas + lector.omitidos()
                if not (p.codigo == "campo-requerido" and any(f"«{c}»" in p.mensaje for c in quitadas))]
    return []
