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
    carpeta: Path | None = None  # donde está el texto: sus imágenes se buscan desde aquí…
    base: Path | None = None  # …y no pueden salir de aquí (la carpeta del periodo; la de datos para los fijos)


def leer_seguro(raiz: Path, relativa: str, quien: str, base: Path | None = None) -> tuple[Texto | None, list[Problema]]:
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
        from .errores import causa

        return rechazo(f"No se pudo leer el texto «{relativa}»: {causa(e)}.", "Revise los permisos del archivo.")
    return Texto(ruta.stem, nombre_visible(candidato), fuente.replace("\r\n", "\n"), real.parent,
                 (base or raiz).resolve()), []


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
            textos.append(Texto(ranura, texto.nombre, texto.fuente, texto.carpeta, texto.base))
    return textos, problemas


def del_periodo(raiz: Path, pid: str, ranuras: dict[str, str]) -> tuple[list[Texto], list[Problema]]:
    """`<periodo>/textos/<ranura>.md`: la redacción del analista para ese informe."""
    carpeta = raiz / pid / "textos"
    textos, problemas = [], []
    if not carpeta.is_dir():
        return textos, problemas
    for archivo in sorted(carpeta.iterdir(), key=lambda p: p.name):
        if archivo.name.startswith(".") or archivo.suffix.lower() in EXTENSIONES_IMAGEN:
            continue  # las imágenes que citan los textos viven junto a ellos (resolver_imagen las revisa)
        nombre = nombre_visible(archivo)
        if archivo.suffix != ".md" or archivo.stem not in ranuras:
            problemas.append(problema(nombre, None, None, "texto-ranura",
                                      f"«{archivo.name}» no corresponde a ninguna ranura del informe.",
                                      f"Nombre el archivo como una de: {', '.join(r + '.md' for r in ranuras)}."))
            continue
        texto, errores = leer_seguro(raiz, f"{pid}/textos/{archivo.name}", nombre, raiz / pid)
        problemas += errores
        if texto is not None:
            textos.append(texto)
    return textos, problemas


# --------------------------------------------------------------------------- composición

import re  # noqa: E402

# Lo que pandoc pasaría sin tocar a la salida: un bloque ```{=openxml}``` o `…`{=typst} (un campo DDEAUTO
# en el Word, un #read en el PDF). También el HTML: en un texto del informe no hace falta.
_CRUDO_BLOQUE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*\{\s*=")
_CRUDO_ATRIBUTO = re.compile(r"\{\s*=[A-Za-z0-9_+-]+\s*\}")
_HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|/[A-Za-z][A-Za-z0-9-]*\s*|!--.*?--|![A-Za-z][^<>]*|\?[^<>]*\?)>")
# Una imagen: ![pie](archivo.png "título"). Otras formas (referencias, ![pie]) no se admiten.
_IMAGEN = re.compile(r'!\[((?:[^\]\\\n]|\\.)*)\]\(\s*<?([^)\s>]*)>?(\s+"[^"\n]*")?\s*\)')
_IMAGEN_OTRA = re.compile(r"!\[(?:[^\]\\\n]|\\.)*\](?!\()")
# El texto alternativo de una imagen: sus corchetes, o el atributo {alt="…"} que la sigue.
_ALT_ATRIBUTO = re.compile(r"""^\{[^}\n]*\balt\s*=\s*("(?:[^"\\\n]|\\.)*\S(?:[^"\\\n]|\\.)*"|[^\s"}]+)""")
EXTENSIONES_IMAGEN = (".png", ".jpg", ".jpeg")
IMAGEN_MAXIMA = 10 * 1024 * 1024
# Píxeles: un PNG de 3.5 MB puede medir 60,000 × 60,000 y Typst lo descomprime entero (3.6 GB). 25 millones
# de píxeles (100 MB al descomprimirse) son más que una foto de 20 megapíxeles o un mapa a 300 ppp en carta.
PIXELES_MAXIMOS = 25_000_000
LADO_MAXIMO = 12_000


def _posicion(fuente: str, indice: int) -> tuple[int, int]:
    antes = fuente[:indice]
    return antes.count("\n") + 1, indice - antes.rfind("\n")


def _fuera_de_bloques_de_codigo(fuente: str):
    """(índice de inicio, línea) de cada línea que no está dentro de un bloque de código ``` o ~~~: lo que
    hay dentro de un bloque se escribe literal (salvo el crudo, que se busca en la línea que lo abre)."""
    indice, cerca = 0, None
    for linea in fuente.split("\n"):
        valla = re.match(r"^ {0,3}(`{3,}|~{3,})", linea)
        if cerca is None:
            if valla:
                cerca = valla[1][0] * len(valla[1])
            else:
                yield indice, linea
        elif valla and valla[1].startswith(cerca):
            cerca = None
        indice += len(linea) + 1


def resolver_imagen(texto: Texto, destino: str) -> tuple[Path | None, str | None]:
    """La ruta real de una imagen del texto, o por qué no se admite. Se busca desde la carpeta del texto y
    debe quedar dentro de la carpeta del periodo (la de datos para los textos fijos), sin enlaces que
    salgan, y ser un PNG o JPEG común: el informe no lee nada de fuera ni pide nada a la red."""
    import os
    import stat

    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", destino) or destino.startswith("//"):
        return None, f"la imagen «{destino}» es una dirección de red: el informe no descarga nada"
    ruta = Path(destino)
    if not destino or ruta.is_absolute() or destino.startswith("~"):
        return None, f"la ruta de la imagen «{destino}» es absoluta"
    if ".." in ruta.parts:
        return None, f"la ruta de la imagen «{destino}» sale de la carpeta con «..»"
    if ruta.suffix.lower() not in EXTENSIONES_IMAGEN:
        return None, f"«{destino}» no es una imagen PNG o JPEG"
    if texto.carpeta is None or texto.base is None:
        return None, f"la imagen «{destino}» no tiene carpeta de la que leerse"
    try:
        real = (texto.carpeta / ruta).resolve(strict=True)
        modo = os.lstat(real).st_mode
    except (OSError, RuntimeError):
        return None, f"la imagen «{destino}» no existe junto al texto"
    if not real.is_relative_to(texto.base):
        return None, f"la imagen «{destino}» es un enlace que sale de la carpeta del periodo"
    if not stat.S_ISREG(modo):
        return None, f"«{destino}» no es un archivo"
    motivo = _archivo_de_imagen(texto.carpeta, ruta, real)
    return (real, None) if motivo is None else (None, f"la imagen «{destino}» {motivo}")


def _archivo_de_imagen(carpeta: Path, ruta: Path, real: Path) -> str | None:
    """Por qué no se admite la imagen ya resuelta dentro de su carpeta (tamaño, enlace, contenido), o None."""
    import os

    if os.lstat(real).st_size > IMAGEN_MAXIMA:
        return f"pasa de {IMAGEN_MAXIMA // (1024 * 1024)} MiB"
    if _algun_enlace(carpeta, ruta):
        return "es un enlace simbólico: no se sigue"
    return revisar_imagen(real)


def _algun_enlace(carpeta: Path, ruta: Path) -> bool:
    """Si alguna parte de `ruta` bajo `carpeta` es un enlace simbólico (aunque apunte dentro del periodo:
    lo que se compila es lo que se revisó, no lo que el enlace señale después)."""
    import os

    actual = carpeta
    for parte in ruta.parts:
        actual = actual / parte
        if os.path.islink(actual):
            return True
    return False


def revisar_imagen(real: Path) -> str | None:
    """Lo que pandoc y Typst harían con la imagen se revisa antes: que esté completa (un PNG truncado detenía el
    PDF con un mensaje en inglés) y que sus píxeles quepan (`PIXELES_MAXIMOS`). None si está bien; si no, por
    qué, para seguir a «la imagen «x»»."""
    try:
        datos = real.read_bytes()
    except OSError:
        return "no se puede leer"
    if datos.startswith(b"\x89PNG\r\n\x1a\n"):
        medidas = _medidas_png(datos)
    elif datos.startswith(b"\xff\xd8"):
        medidas = _medidas_jpeg(datos)
    else:
        return "no es un PNG ni un JPEG (su contenido no lo es, aunque su nombre lo diga)"
    if medidas is None:
        return "está dañada o incompleta (¿se cortó al copiarla?)"
    ancho, alto = medidas
    if not (0 < ancho <= LADO_MAXIMO and 0 < alto <= LADO_MAXIMO and ancho * alto <= PIXELES_MAXIMOS):
        return (f"mide {ancho:,} × {alto:,} píxeles; el máximo es {LADO_MAXIMO:,} por lado y "
                f"{PIXELES_MAXIMOS // 1_000_000} millones de píxeles")
    return None


def _medidas_png(datos: bytes) -> tuple[int, int] | None:
    """(ancho, alto) de un PNG cuyos trozos están completos, cada uno con su CRC, y que termina en IEND."""
    import struct
    import zlib

    posicion, medidas = 8, None
    while posicion + 12 <= len(datos):
        largo, tipo = struct.unpack(">I4s", datos[posicion:posicion + 8])
        fin = posicion + 12 + largo
        if fin > len(datos) or zlib.crc32(datos[posicion + 4:fin - 4]) != struct.unpack(">I", datos[fin - 4:fin])[0]:
            return None
        if tipo == b"IHDR" and largo >= 8:
            medidas = struct.unpack(">II", datos[posicion + 8:posicion + 16])
        if tipo == b"IEND":
            return medidas
        posicion = fin
    return None


def _medidas_jpeg(datos: bytes) -> tuple[int, int] | None:
    """(ancho, alto) del marco de un JPEG que trae sus datos de imagen y termina en EOI (FFD9)."""
    import struct

    if not datos.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return None
    posicion, medidas = 2, None
    while posicion + 4 <= len(datos) and datos[posicion] == 0xFF:
        marca = datos[posicion + 1]
        if marca in (0xD8, 0x01) or 0xD0 <= marca <= 0xD7:
            posicion += 2
            continue
        largo = struct.unpack(">H", datos[posicion + 2:posicion + 4])[0]
        if 0xC0 <= marca <= 0xCF and marca not in (0xC4, 0xC8, 0xCC) and posicion + 9 <= len(datos):
            alto, ancho = struct.unpack(">HH", datos[posicion + 5:posicion + 9])
            medidas = (ancho, alto)
        if marca == 0xDA:  # inicio de los datos de imagen: el marco ya se leyó
            return medidas
        posicion += 2 + largo
    return None


def _revisar_marcado(texto: Texto) -> list[Problema]:
    """Crudo, HTML e imágenes: lo que pandoc pasaría a la salida o leería de fuera de los datos, y las
    imágenes sin texto alternativo (el PDF accesible no se podría escribir)."""
    problemas = []
    fuente = texto.fuente
    indice = 0
    for linea in fuente.split("\n"):
        if _CRUDO_BLOQUE.match(linea):
            fila, columna = _posicion(fuente, indice + linea.index("{"))
            problemas.append(problema(texto.nombre, fila, columna, "texto-crudo",
                                      "Un bloque crudo («```{=…}») pasaría sin revisar al Word o al PDF.",
                                      "Escriba el contenido como texto normal; el formato lo pone el informe."))
        indice += len(linea) + 1
    for inicio, linea in _fuera_de_bloques_de_codigo(fuente):
        for m in _CRUDO_ATRIBUTO.finditer(linea):
            fila, columna = _posicion(fuente, inicio + m.start())
            problemas.append(problema(texto.nombre, fila, columna, "texto-crudo",
                                      f"El atributo crudo «{m[0]}» pasaría sin revisar al Word o al PDF.",
                                      "Quite el atributo; el formato lo pone el informe."))
        for m in _HTML.finditer(linea):
            fila, columna = _posicion(fuente, inicio + m.start())
            problemas.append(problema(texto.nombre, fila, columna, "texto-crudo",
                                      f"HTML en el texto («{m[0][:40]}»): no se admite.",
                                      "Escriba con Markdown; para un signo «<» literal escriba «\\<»."))
        for m in _IMAGEN.finditer(linea):
            antes = linea[:m.start()]
            escapada = (len(antes) - len(antes.rstrip("\\"))) % 2  # «\![…](…)» es texto, no una imagen
            if not escapada and not m[1].strip() and not _ALT_ATRIBUTO.match(linea[m.end():]):
                fila, columna = _posicion(fuente, inicio + m.start())
                problemas.append(problema(texto.nombre, fila, columna, "texto-imagen-sin-alt",
                                          "La imagen no tiene texto alternativo: un lector de pantalla no sabría "
                                          "qué muestra.",
                                          "Escriba entre los corchetes lo que muestra: ![Mapa: 32 sedes](mapa.png)."))
            _, motivo = resolver_imagen(texto, m[2])
            if motivo is not None:
                fila, columna = _posicion(fuente, inicio + m.start())
                problemas.append(problema(texto.nombre, fila, columna, "texto-imagen", f"{motivo[0].upper()}{motivo[1:]}.",
                                          "Guarde la imagen (PNG o JPEG) en la carpeta del periodo, junto al texto, "
                                          "y escriba su ruta relativa: ![Pie de la imagen](mapa.png)."))
        for m in _IMAGEN_OTRA.finditer(linea):
            fila, columna = _posicion(fuente, inicio + m.start())
            problemas.append(problema(texto.nombre, fila, columna, "texto-imagen",
                                      "Una imagen por referencia («![pie][ref]») no se admite.",
                                      "Escriba la imagen con su ruta: ![Pie de la imagen](mapa.png)."))
    return problemas


# Citas («>») y listas anidadas en una misma línea: pandoc las lee, pero Typst se detiene pasados unos cientos
# de niveles («maximum parsing depth exceeded», en inglés y sin decir qué texto). Ningún informe pasa de tres.
ANIDAMIENTO_MAXIMO = 10
_ANIDADO = re.compile(r"^ {0,3}(?:>[ \t]*|(?:[-+*]|[0-9]{1,9}[.)])[ \t]+){%d}" % (ANIDAMIENTO_MAXIMO + 1))


def _revisar_anidamiento(texto: Texto) -> list[Problema]:
    """Una línea que abre más de ANIDAMIENTO_MAXIMO citas o listas, una dentro de otra (fuera de un bloque de
    código, donde es texto literal)."""
    for inicio, linea in _fuera_de_bloques_de_codigo(texto.fuente):
        if _ANIDADO.match(linea):
            return [problema(texto.nombre, _posicion(texto.fuente, inicio)[0], 1, "texto-anidado",
                             f"La línea abre más de {ANIDAMIENTO_MAXIMO} citas («>») o listas, una dentro de otra: "
                             "el PDF no se podría componer.",
                             "Deje a lo más tres niveles; para citar un texto basta un «>».")]
    return []


def _linea_de(fuente: str, palabra: str) -> tuple[int | None, int | None]:
    patron = re.compile(rf"\b{re.escape(palabra)}\b")
    for i, linea in enumerate(fuente.splitlines(), 1):
        if "{{" in linea or "{%" in linea:
            m = patron.search(linea)
            if m:
                return i, m.start() + 1
    return None, None


def _columna(fuente: str, linea: int | None, fragmento: str) -> int | None:
    lineas = fuente.split("\n")
    if linea is None or not 0 < linea <= len(lineas):
        return None
    posicion = lineas[linea - 1].find(fragmento)
    return posicion + 1 if posicion >= 0 else None


# Los mensajes de sintaxis de Jinja, en español (nunca llega al usuario el de Jinja, en inglés).
_SINTAXIS = (
    (re.compile(r"unexpected end of template", re.I), "el texto termina sin cerrar un «{%% … %%}» o «{{ … }}»"),
    (re.compile(r"unexpected '(\}|%)'"), "hay un «}» o «%%» de más"),
    (re.compile(r"expected token 'end of print statement'"), "falta cerrar «{{ … }}» o sobra algo dentro"),
    (re.compile(r"expected token 'end of statement block'"), "falta cerrar «{%% … %%}» o sobra algo dentro"),
    (re.compile(r"Encountered unknown tag '([^']*)'"), "«%s» no es una instrucción de plantilla"),
    (re.compile(r"unexpected char (.*) at"), "el signo %s no se espera ahí"),
    (re.compile(r"No filter named '([^']*)'"), "no hay un filtro «%s»"),
    (re.compile(r"No test named '([^']*)'"), "no hay una prueba «%s»"),
    (re.compile(r"^anidamiento: (.*)"), "anida demasiado: %s"),  # caja.revisar_anidamiento, ya en español
)


def sintaxis_en_espanol(mensaje: str) -> str:
    for patron, texto in _SINTAXIS:
        m = patron.search(mensaje or "")
        if m:
            return (texto % m[1] if "%s" in texto else texto).replace("%%", "%")
    return "la plantilla no se puede leer ahí"


@lru_cache(maxsize=1)
def entorno():
    """Jinja en la caja de arena inmutable y acotada (uno por proceso: no guarda estado entre textos): sin
    cargador, sin atributos privados, y cada valor sale como texto literal."""
    from jinja2 import StrictUndefined

    from . import renderizar as rz
    from .caja import TEXTOS, Caja
    from .lengua import ordinal

    def literal(valor):
        # la redacción es Markdown; lo que sale de una expresión es dato y se escapa: también una lista o un
        # mapa que se imprime entero (su texto trae las descripciones de las JLE tal cual)
        if valor is None or isinstance(valor, (bool, int, float)):
            return valor
        return rz.md(valor if isinstance(valor, str) else str(valor))

    env = Caja(TEXTOS, undefined=StrictUndefined, autoescape=False, finalize=literal,
               keep_trailing_newline=False, comment_start_string="{##", comment_end_string="##}")
    filtros = rz.filtros()
    filtros.update(md=lambda x: x, md_celda=lambda x: x)  # el escape ocurre una sola vez, al salir
    env.filters.update(filtros)
    env.acotar_filtros()
    env.globals.clear()
    env.instalar_globales()
    env.globals.update(rango_fechas=rz.rango_fechas, plural=rz.plural, ordinal=ordinal)
    return env



# La forma de las cifras que un texto puede citar (`Familia.forma_textos`): un mapa nombre → forma. Una hoja
# (None) no se revisa más adentro (una fecha tiene .year; una lista se recorre); CUALQUIERA acepta cualquier
# clave (las entidades de `por_entidad`) y revisa lo que sigue con su forma.
CUALQUIERA = "*"


def _camino(nodo) -> list | None:
    """`r.reuniones.total` o `r.acuerdos.por_estatus["Concluido"]` → [("r", False), ("reuniones", False)…,
    ("Concluido", True)] (True: con corchetes); None si no es una cadena de nombres y claves constantes."""
    from jinja2 import nodes

    if isinstance(nodo, nodes.Name):
        return [(nodo.name, False)]
    if isinstance(nodo, nodes.Getattr):
        base = _camino(nodo.node)
        return None if base is None else base + [(nodo.attr, False)]
    if isinstance(nodo, nodes.Getitem) and isinstance(nodo.arg, nodes.Const) and isinstance(nodo.arg.value, str):
        base = _camino(nodo.node)
        return None if base is None else base + [(nodo.arg.value, True)]
    return None


def _escrito(camino: list) -> str:
    """Como se escribe en un texto: `r.acuerdos.por_estatus["En proceso"]`."""
    return "".join(f'["{paso}"]' if item or not paso.isidentifier() else f".{paso}" if i else paso
                   for i, (paso, item) in enumerate(camino))


def _revisar_nombres(texto: Texto, arbol, forma: dict) -> list[Problema]:
    """Cada cifra que el texto cita existe en la forma de las cifras del periodo; si no, ¿quiso decir…?"""
    from jinja2 import nodes

    from .lengua import parecido

    problemas, vistos = [], set()
    for nodo in arbol.find_all((nodes.Getattr, nodes.Getitem)):
        camino = _camino(nodo)
        if camino is None or camino[0][0] not in forma:
            continue
        actual = forma[camino[0][0]]
        for i, (paso, item) in enumerate(camino[1:], 1):
            if not isinstance(actual, dict):
                break
            if CUALQUIERA in actual:
                actual = actual[CUALQUIERA]
                continue
            if paso in actual:
                actual = actual[paso]
                continue
            nombre = _escrito(camino[:i + 1])
            if (nombre, nodo.lineno) not in vistos:
                vistos.add((nombre, nodo.lineno))
                sugerida = parecido(paso, [k for k in actual if k != CUALQUIERA])
                padre = _escrito(camino[:i])
                problemas.append(problema(
                    texto.nombre, nodo.lineno, _columna(texto.fuente, nodo.lineno, paso), "texto-variable",
                    f"«{nombre}» no es una cifra del informe: {padre} no tiene «{paso}».",
                    f"¿Quiso decir «{_escrito(camino[:i] + [(sugerida, item)])}»?" if sugerida
                    else f"{padre} tiene: {', '.join(sorted(k for k in actual if k != CUALQUIERA))}."))
            break
    return problemas


def revisar(texto: Texto, forma: dict | None = None) -> list[Problema]:
    """Lo que `validar` dice de un texto: sintaxis, nombres desconocidos (con `forma`, también cada cifra
    que cita), usos no permitidos, crudo, imágenes y caracteres ajenos."""
    from jinja2 import TemplateSyntaxError, meta, nodes

    from .escritura import describir
    from .glifos import SUGERENCIA_SIN_GLIFO, mensaje_sin_glifo, sin_glifo_y_ajeno
    from .lengua import parecido

    problemas = []
    sin_glifo, ajeno = sin_glifo_y_ajeno(texto.fuente)
    if sin_glifo is not None:
        posicion, caracter = sin_glifo
        problemas.append(problema(texto.nombre, *_posicion(texto.fuente, posicion), "texto-sin-glifo",
                                  mensaje_sin_glifo("El texto", caracter), SUGERENCIA_SIN_GLIFO))
    if ajeno is not None:
        posicion, caracter, motivo = ajeno
        problemas.append(problema(texto.nombre, *_posicion(texto.fuente, posicion), "texto-escritura",
                                  f"{motivo} ({describir(caracter)}).", "Reescriba la palabra o borre el carácter."))
    problemas += _revisar_marcado(texto) + _revisar_anidamiento(texto)
    try:
        arbol = entorno().parse(texto.fuente)
    except TemplateSyntaxError as e:
        return problemas + [problema(texto.nombre, e.lineno, None, "texto-plantilla",
                                     f"Error de sintaxis de plantilla: {sintaxis_en_espanol(e.message)}.",
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
    conocidos = sorted(NOMBRES)
    for nombre in sorted(meta.find_undeclared_variables(arbol) - NOMBRES):
        linea, columna = _linea_de(texto.fuente, nombre)
        sugerida = parecido(nombre, conocidos)
        problemas.append(problema(texto.nombre, linea, columna, "texto-variable",
                                  f"«{nombre}» no es una variable del informe.",
                                  f"¿Quiso decir «{sugerida}»?" if sugerida else
                                  "Las cifras del periodo están en r (r.reuniones.total…) y los datos del proceso en proceso."))
    if forma is not None:
        problemas += _revisar_nombres(texto, arbol, forma)
    return problemas


def _con_imagenes(texto: Texto, imagenes) -> str:
    """La fuente con cada imagen apuntando a su copia en la salida (`imagenes(ruta real) → ruta relativa`).
    Una imagen que no se admite detiene la composición (validar ya la reportó con texto-imagen)."""
    def cambiar(m: re.Match) -> str:
        real, motivo = resolver_imagen(texto, m[2])
        if real is None:
            raise ErrorDeTexto(f"{texto.nombre}: {motivo} (texto-imagen).")
        return f"![{m[1]}]({imagenes(real)}{m[3] or ''})"

    return _IMAGEN.sub(cambiar, texto.fuente)


def componer(texto: Texto, contexto: dict, imagenes=None) -> str:
    """El Markdown de un texto con las cifras del periodo; ErrorDeTexto con archivo, línea y código si falla.

    Ningún mensaje de Jinja ni de Python llega al usuario: cada falla se dice en español."""
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    from .caja import Excedido, linea_del_error, nombre_indefinido

    def donde(e: BaseException) -> str:
        linea = linea_del_error(e)
        return f"{texto.nombre}{f', línea {linea}' if linea else ''}"

    fuente = texto.fuente if imagenes is None else _con_imagenes(texto, imagenes)
    try:
        plantilla = entorno().from_string(fuente)
        compuesto = entorno().componer(plantilla, r=contexto["r"], proceso=contexto["proceso"]).strip()
    except Excedido as e:
        raise ErrorDeTexto(f"{donde(e)}: el texto pasa un límite de la composición: {e} (texto-limite). "
                           "Revise los ciclos y las repeticiones de esa línea.") from None
    except SecurityError as e:
        raise ErrorDeTexto(f"{donde(e)}: uso no permitido en un texto del informe (texto-plantilla). Cite solo "
                           "cifras del periodo; un texto no modifica datos ni llama funciones internas.") from None
    except TemplateSyntaxError as e:
        raise ErrorDeTexto(f"{donde(e)}: error de sintaxis de plantilla: {sintaxis_en_espanol(e.message)} "
                           "(texto-plantilla).") from None
    except UndefinedError as e:
        nombre = nombre_indefinido(e)
        raise ErrorDeTexto(f"{donde(e)}: el texto cita {f'«{nombre}», que' if nombre else 'algo que'} no existe en "
                           "las cifras de este periodo (texto-variable). Revíselo con:", "informe validar") from None
    except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError, AttributeError, RecursionError,
            MemoryError) as e:
        raise ErrorDeTexto(f"{donde(e)}: una expresión del texto no se puede calcular con las cifras de este "
                           "periodo (texto-plantilla). Revise esa línea.") from None
    # Lo que sale de una expresión ya viene escapado; crudo en el resultado solo puede venir de la redacción
    # armada a pedazos («```{% if x %}{{% endif %}=openxml}»), que validar no ve en la fuente
    compuesto_ = Texto(texto.ranura, texto.nombre, compuesto)
    crudo = [p for p in _revisar_marcado(compuesto_) if p.codigo == "texto-crudo"]
    if crudo:
        raise ErrorDeTexto(f"{texto.nombre}: al componerse, el texto produce crudo o HTML ({crudo[0].mensaje}) "
                           "(texto-crudo). Escríbalo como texto normal.")
    anidado = _revisar_anidamiento(compuesto_)
    if anidado:
        raise ErrorDeTexto(f"{texto.nombre}: al componerse, {anidado[0].mensaje[0].lower()}{anidado[0].mensaje[1:]} "
                           "(texto-anidado)")
    return compuesto


def ubicar(textos: list[Texto], pasaje: str | None) -> tuple[str, int] | None:
    """(texto, línea) de la redacción del analista donde está `pasaje` (una línea del documento que un
    convertidor no pudo componer, ya con el marcado de Typst), o None si no es de ningún texto: se comparan
    sus palabras, que el marcado no cambia."""
    palabras = set(re.findall(r"\w{4,}", pasaje or ""))
    if len(palabras) < 2:
        return None
    mejor, donde = 0, None
    for texto in textos:
        for numero, linea in enumerate(texto.fuente.split("\n"), 1):
            comunes = len(palabras & set(re.findall(r"\w{4,}", linea)))
            if comunes > mejor:
                mejor, donde = comunes, (texto.nombre, numero)
    return donde if mejor >= max(2, len(palabras) * 3 // 5) else None


def componer_ranuras(textos: list[Texto], contexto: dict, imagenes=None) -> dict[str, str]:
    """ranura → el Markdown de sus textos compuestos con las cifras del periodo (varios textos de una ranura
    van en el orden dado), listo para que la plantilla del informe los inserte.

    `imagenes(ruta real) → ruta relativa a la salida`: copia cada imagen de un texto junto al informe."""
    ranuras: dict[str, str] = {}
    for texto in textos:
        compuesto = componer(texto, contexto, imagenes)
        ranuras[texto.ranura] = f"{ranuras[texto.ranura]}\n\n{compuesto}" if texto.ranura in ranuras else compuesto
    return ranuras
