"""Conversión del Markdown a DOCX (pandoc + python-docx) y a PDF (pandoc → Typst → `typst`).

pandoc lee el Markdown una vez (`leer_markdown`, su árbol JSON) y cada formato parte de ese árbol.

Ambas salidas son deterministas: el DOCX se reempaqueta con fechas fijas en el
zip y en sus propiedades; el PDF lleva la fecha del corte del periodo y solo
usa las fuentes que trae el compilador de Typst (no las del sistema).
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from .archivos import escribir_atomico, zip_determinista
from .errores import ErrorDeConversion
from .familias import Contexto
from .renderizar import FORMATO_PANDOC, PLANTILLAS_PAQUETE, asunto, autor

FILTRO_RECURSOS = PLANTILLAS_PAQUETE / "recursos.lua"
FILTRO_INDICE = PLANTILLAS_PAQUETE / "quitar_indice.lua"
FILTRO_ANCHO = PLANTILLAS_PAQUETE / "ancho_completo.lua"
FILTRO_ENTIDADES = PLANTILLAS_PAQUETE / "combinar_entidades.lua"
FILTRO_ALT = PLANTILLAS_PAQUETE / "texto_alternativo.lua"
FILTRO_NIVELES = PLANTILLAS_PAQUETE / "niveles_de_titulo.lua"
FILTRO_PALABRAS = PLANTILLAS_PAQUETE / "partir_palabras.lua"  # Typst: ninguna palabra sin dónde partirse
FILTRO_PAGINAS = PLANTILLAS_PAQUETE / "paginas.lua"  # Typst: notas, filas y tablas en su página
PLANTILLA_TYPST = PLANTILLAS_PAQUETE / "informe.typ"
# Liberation Sans (métrica de Arial, licencia OFL) viaja con el paquete: el PDF se ve igual en
# cualquier máquina y es de la misma familia que el DOCX, que usa Arial.
FUENTES = PLANTILLAS_PAQUETE / "fuentes"
# El PDF es de archivo y accesible: PDF/A-2a (ISO 19005-2, nivel «a»: etiquetado, con Unicode) y PDF/UA-1
# (ISO 14289-1). Typst lo declara en los metadatos XMP y se niega a escribir un PDF que no cumpla lo que
# verifica (una imagen sin texto alternativo, títulos que saltan de nivel, sin título ni idioma).
ESTANDARES_PDF = ("a-2a", "ua-1")


# Los filtros que valen para todo formato; recursos.lua va primero: es la frontera de lo que entra.
FILTROS_COMUNES = (FILTRO_RECURSOS, FILTRO_INDICE, FILTRO_ANCHO, FILTRO_NIVELES)


def _filtros(filtros) -> list[str]:
    return [a for f in filtros for a in ("--lua-filter", str(f))]


@functools.cache
def ejecutable_pandoc() -> str:
    """El pandoc que trae pypandoc_binary, sin pasar por pypandoc: antes de cada conversión, pypandoc arranca
    pandoc otras dos veces para listar sus formatos (seis la primera vez, para buscar el ejecutable y su
    versión), y esos arranques iban en el camino crítico de cada escritor."""
    import importlib.util

    espec = importlib.util.find_spec("pypandoc")
    for carpeta in (espec.submodule_search_locations or []) if espec else []:
        for nombre in ("pandoc", "pandoc.exe"):
            if (Path(carpeta) / "files" / nombre).is_file():
                return str(Path(carpeta) / "files" / nombre)
    import pypandoc  # un pypandoc sin binario: el pandoc que él encuentre

    return pypandoc.get_pandoc_path()


def _correr_pandoc(entrada: str, origen: str, formato: str, salida: Path | None, argumentos: list[str]) -> str:
    """pandoc con los mismos argumentos que armaba pypandoc.convert_text (la salida es la misma, byte a byte)."""
    import subprocess

    orden = [ejecutable_pandoc(), f"--from={origen}", f"--to={formato}",
             *([f"--output={salida}"] if salida else []), *argumentos]
    hecho = subprocess.run(orden, input=entrada.encode("utf-8"), capture_output=True)
    if hecho.returncode != 0:
        raise RuntimeError(f"pandoc terminó con {hecho.returncode}: {hecho.stderr.decode('utf-8', 'replace')}")
    return hecho.stdout.decode("utf-8", errors="replace")


def _pandoc(markdown: str, formato: str, salida: Path | None, argumentos: list[str], origen: str = FORMATO_PANDOC,
            filtros=FILTROS_COMUNES) -> str:
    try:
        return _correr_pandoc(markdown, origen, formato, salida, [*_filtros(filtros), *argumentos])
    except (RuntimeError, OSError) as e:
        frontera = re.search(r"informe: ([^\n]*)", str(e))
        if frontera:  # el filtro de recursos.lua: lo que validar debió rechazar, dicho sin la pila de Lua
            raise ErrorDeConversion(f"el Markdown trae algo que no se admite ({frontera[1]}). "
                                    "Revise los textos con:", "informe validar") from None
        # el mensaje de pandoc está en inglés: se dice qué etapa falló y dónde buscar
        raise ErrorDeConversion(f"pandoc no pudo convertir el Markdown a {formato}. Revise las plantillas propias "
                                "(--plantillas) y los textos del analista con:", "informe validar") from e


def leer_markdown(markdown: str) -> str:
    """El Markdown leído una vez (árbol JSON de pandoc) con los filtros comunes: cada escritor parte de él y
    pandoc no vuelve a leer el Markdown por formato."""
    return _pandoc(markdown, "json", None, [])


# Un capítulo del informe: un título de nivel 1 tras una línea en blanco (sin ella, pandoc lo lee como
# parte del párrafo anterior). Un bloque de código cercado podría tener una línea así: entonces no se parte.
_CAPITULO = re.compile(r"(?<=\n\n)# \S[^\n]*$", re.M)
_CERCO = re.compile(r"^ {0,3}(```|~~~)", re.M)


_LLAMADA = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_DEFINICION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:", re.M)


def _separables(partes: list[str]) -> bool:
    """Si cada parte se puede leer sola: cada nota al pie y cada vínculo por referencia se definen en la parte
    que los usa (pandoc resuelve las definiciones en todo el documento)."""
    minusculas = [p.lower() for p in partes]
    for i, parte in enumerate(partes):
        definidas = _DEFINICION.findall(parte)
        if set(_LLAMADA.findall(parte)) - {d[1:] for d in definidas if d.startswith("^")}:
            return False
        for nombre in (d.lower() for d in definidas if not d.startswith("^")):
            if any(f"[{nombre}]" in otra for j, otra in enumerate(minusculas) if j != i):
                return False
    return True


def _ids_repetidos(bloques: list) -> bool:
    """pandoc distingue los identificadores repetidos de los títulos (`-1`) solo dentro de lo que lee junto."""
    ids = [b["c"][1][0] for b in bloques if b.get("t") == "Header" and b["c"][1][0]]
    return len(ids) != len(set(ids))


class _Continuacion(str):
    """Un grupo que empieza a media tabla: su primera tabla es la última del grupo anterior (`_juntar`)."""


# Los bordes de una tabla de cuadrícula: «+---+---+» entre filas, «+===+» o «+:==+» bajo el encabezado.
_BORDE = re.compile(r"\+(?:[-:]+\+)+[ \t]*")
_BORDE_ENCABEZADO = re.compile(r"\+(?:[=:]+\+)+[ \t]*")
_SUBRAYADO = re.compile(r" {0,3}(?:=+|-+)[ \t]*")  # el de un título Setext


def _bordes_de_fila(lineas: list[str]) -> list[tuple[int, int, int]]:
    """(borde superior, borde del encabezado, borde entre dos filas) de cada tabla de cuadrícula con
    encabezado, por donde se puede cortar; solo las de tablas que no tienen un título después en la parte."""
    bordes: list[tuple[int, int, int]] = []
    arriba, encabezado = None, None  # de la tabla en curso
    for i, linea in enumerate(lineas):
        texto = linea.rstrip("\n")
        if not texto.startswith(("+", "|")):
            arriba, encabezado = None, None
            if i and ("#" in texto or _SUBRAYADO.fullmatch(texto)):
                # quizá un título tras la tabla: niveles_de_titulo.lua lo bajaría según el título anterior, y
                # la segunda mitad, leída aparte, no lo sabe. Solo se corta una tabla sin títulos después.
                bordes = []
        elif arriba is None:
            arriba = i if _BORDE.fullmatch(texto) else None
        elif encabezado is None:
            encabezado = i if _BORDE_ENCABEZADO.fullmatch(texto) else None
        elif _BORDE.fullmatch(texto) and i + 1 < len(lineas) and lineas[i + 1].startswith("|"):
            bordes.append((arriba, encabezado, i))
    return bordes


def _cortar_tabla(parte: str, hasta: int) -> tuple[str, str] | None:
    """La parte partida por la fila de una tabla de cuadrícula más cercana al carácter `hasta`: la primera
    mitad termina con las filas de arriba; la segunda repite el borde y el encabezado, sigue con las filas de
    abajo y con el resto de la parte. None si la parte no tiene una tabla con encabezado y varias filas.

    Una tabla de cuadrícula grande es casi todo el tiempo de pandoc (el anexo de acuerdos del benchmark, 320
    filas: 0.43 de los 0.50 s de leer el informe): sin cortarla, una mitad la lleva entera y la otra espera."""
    lineas = parte.splitlines(keepends=True)
    inicios = [0]
    for linea in lineas:
        inicios.append(inicios[-1] + len(linea))
    bordes = _bordes_de_fila(lineas)
    if not bordes:
        return None
    arriba, encabezado, i = min(bordes, key=lambda b: abs(inicios[b[2] + 1] - hasta))
    return "".join(lineas[:i + 1]), "".join(lineas[arriba:encabezado + 1] + lineas[i + 1:])


def _agrupar(partes: list[str], n: int, total: int, cortar: bool = True) -> list[str]:
    """Los capítulos en `n` grupos seguidos de tamaños parecidos (cada grupo, un proceso de pandoc). Un
    capítulo que pasa de largo la mitad se parte por una fila de su tabla (`_cortar_tabla`)."""
    grupos, actual, meta = [], "", total / n
    for parte in partes:
        if len(grupos) < n - 1 and cortar and len(actual) + len(parte) > meta * 1.1:
            mitades = _cortar_tabla(parte, int(meta - len(actual)))
            if mitades is not None:
                grupos.append(actual + mitades[0])
                actual = _Continuacion(mitades[1])
                continue
        if actual and len(actual) + len(parte) / 2 > meta and len(grupos) < n - 1:
            grupos.append(actual)
            actual = ""
        actual = type(actual)(actual + parte)
    return [*grupos, actual]


def _juntar(partes: list[str], arboles: list[dict]) -> list | None:
    """Los bloques de todas las partes, con la tabla cortada entre dos grupos otra vez en una sola. None si las
    dos mitades no son de la misma tabla (otro encabezado, anchos, atributos o leyenda arriba) o si tras el
    corte hay un título: entonces se lee todo junto."""
    import json

    bloques: list = []
    for parte, arbol in zip(partes, arboles):
        siguientes = arbol["blocks"]
        if isinstance(parte, _Continuacion):
            if not (bloques and siguientes and bloques[-1].get("t") == siguientes[0].get("t") == "Table"):
                return None
            # tras la tabla no hay títulos en su capítulo (`_cortar_tabla`); tampoco en sus celdas de abajo
            if '"t": "Header"' in json.dumps(siguientes[0]):
                return None
            tabla = _unir_tablas(bloques[-1]["c"], siguientes[0]["c"])
            if tabla is None:
                return None
            bloques[-1] = {"t": "Table", "c": tabla}
            siguientes = siguientes[1:]
        bloques.extend(siguientes)
    return bloques


def _unir_tablas(primera: list, segunda: list) -> list | None:
    """Table attr caption colspecs head bodies foot: las filas de la segunda tras las de la primera."""
    atributos, leyenda, columnas, encabezado, cuerpos, pie = primera
    if (atributos, columnas, encabezado) != tuple(segunda[:1] + segunda[2:4]) or leyenda[1] or pie[1]:
        return None
    if len(cuerpos) != 1 or len(segunda[4]) != 1 or cuerpos[0][:3] != segunda[4][0][:3]:
        return None
    return [atributos, segunda[1], columnas, encabezado, [[*cuerpos[0][:3], cuerpos[0][3] + segunda[4][0][3]]],
            segunda[5]]


def _huella_con_pandoc(semilla: bytes, archivos) -> str:
    """La huella de `semilla`, del nombre y los bytes de cada archivo y del ejecutable de pandoc (otra versión
    de pypandoc_binary, otro archivo). El código del paquete lo pone `cache.clave`."""
    import hashlib

    h = hashlib.blake2b(semilla, digest_size=16)
    for archivo in archivos:
        h.update(b"\0" + archivo.name.encode() + b"\0" + archivo.read_bytes())
    estado = os.stat(ejecutable_pandoc())
    h.update(f"\0{ejecutable_pandoc()}\0{estado.st_size}\0{estado.st_mtime_ns}".encode())
    return h.hexdigest()


@functools.cache
def _huella_de_lectura() -> str:
    """Lo que decide el árbol de un capítulo además de su texto: el formato de entrada, los filtros comunes y
    pandoc."""
    return _huella_con_pandoc(FORMATO_PANDOC.encode(), FILTROS_COMUNES)


def _arbol_guardado(clave: str) -> dict | None:
    import json

    from . import cache

    crudo = cache.leer_arbol(clave)
    try:
        arbol = json.loads(crudo) if crudo is not None else None
    except ValueError:
        return None
    if not (isinstance(arbol, dict) and isinstance(arbol.get("blocks"), list) and "meta" in arbol
            and "pandoc-api-version" in arbol):
        return None
    return arbol


# Un capítulo más corto no se parte: pandoc lee ≈200 mil caracteres por segundo y cada proceso más cuesta
# ≈0.02 s en arrancar con los filtros.
_CORTE_MINIMO = 20_000


def _leer_capitulos(faltan: dict[int, str], procesos: int) -> dict[int, dict]:
    """El árbol de cada capítulo, leído solo; los de más texto primero, `procesos` a la vez. El que pasa de
    la mitad de todo lo que falta (el anexo) se lee en dos mitades, otra vez una sola tabla al juntarlas."""
    import json
    from concurrent.futures import ThreadPoolExecutor

    total = sum(map(len, faltan.values()))
    piezas: list[tuple[int, str]] = []
    for i, texto in faltan.items():
        mitades = _cortar_tabla(texto, total // 2) if len(texto) > max(total / 2, _CORTE_MINIMO) else None
        piezas += [(i, mitades[0]), (i, _Continuacion(mitades[1]))] if mitades else [(i, texto)]
    orden = sorted(range(len(piezas)), key=lambda n: -len(piezas[n][1]))
    with ThreadPoolExecutor(max_workers=procesos) as hilos:
        leidos = dict(zip(orden, hilos.map(lambda n: json.loads(leer_markdown(piezas[n][1])), orden)))
    arboles: dict[int, dict] = {}
    for n, (i, texto) in enumerate(piezas):
        if i not in arboles:
            arboles[i] = leidos[n]
            continue
        bloques = _juntar([piezas[n - 1][1], texto], [arboles[i], leidos[n]])
        arboles[i] = {**arboles[i], "blocks": bloques} if bloques is not None else json.loads(
            leer_markdown(faltan[i]))
    return arboles


class LectorPorCapitulos:
    """Lee el Markdown por capítulos, a la vez en dos procesos de pandoc, y recuerda cada parte por su
    contenido: tras editar un texto, `informe vista` solo vuelve a leer el capítulo que cambió; `compilar`
    (con `grupos=2`) lee dos mitades a la vez, y si un capítulo pasa de la mitad, lo corta por una fila de su
    tabla (`_cortar_tabla`, `_juntar`). Los filtros comunes valen por capítulo: cada uno empieza con
    un título de nivel 1 y las notas al pie de las plantillas se definen en su capítulo. Si el Markdown no
    se puede partir sin cambiar lo que se lee (`_separables`, `_ids_repetidos`), se lee entero: el árbol
    es siempre el de `leer_markdown` (tests/test_escritores.py)."""

    def __init__(self, grupos: int | None = None, cache: bool = False) -> None:
        self.grupos = grupos
        self.cache = cache  # guardar y buscar el árbol de cada capítulo en la caché (`compilar`)
        self._memoria: dict[str, dict] = {}
        self.capitulos: list[tuple[str, dict]] = []  # los de la última lectura: (huella, árbol)

    @staticmethod
    def _capitulos(markdown: str) -> list[str]:
        if _CERCO.search(markdown):
            return [markdown]
        # los metadatos YAML del principio no se parten
        fin = re.match(r"---\n.*?\n(?:---|\.\.\.)\n", markdown, re.S)
        cortes = [m.start() for m in _CAPITULO.finditer(markdown, fin.end() if fin else 0)]
        partes = [markdown[a:b] for a, b in zip([0, *cortes], [*cortes, len(markdown)])]
        return partes if _separables(partes) else [markdown]

    def _partes(self, markdown: str) -> list[str]:
        partes = self._capitulos(markdown)
        if self.grupos is None or len(partes) <= self.grupos:
            return partes
        grupos = _agrupar(partes, self.grupos, len(markdown))
        enteros = _agrupar(partes, self.grupos, len(markdown), cortar=False)
        # el corte sirve si deja grupos más parejos (el más largo marca el tiempo) y si cada nota se define en
        # el grupo que la llama
        if max(map(len, grupos)) >= max(map(len, enteros)) or not _separables(grupos):
            return enteros
        return grupos

    def __call__(self, markdown: str) -> str:
        import json

        if self.cache:
            arbol = self._con_cache(markdown)
            if arbol is not None:
                return arbol
        partes = self._partes(markdown)
        arboles = self._leer(partes)
        bloques = _juntar(partes, arboles)
        if len(partes) > 1 and (bloques is None or _ids_repetidos(bloques)):
            arboles = self._leer([markdown])
            bloques = arboles[0]["blocks"]
        return json.dumps({"pandoc-api-version": arboles[0]["pandoc-api-version"], "meta": arboles[0]["meta"],
                           "blocks": bloques}, ensure_ascii=False)

    def _con_cache(self, markdown: str) -> str | None:
        """El árbol con el de cada capítulo que ya se leyó tomado de la caché, bajo la huella de su texto, de
        los filtros comunes y de pandoc: tras editar un texto, pandoc solo lee su capítulo. Cada capítulo se
        lee solo, como en `informe vista`, y el que pasa de la mitad de lo que falta leer, en dos mitades
        (`_cortar_tabla`). None si no se puede (sin caché, un solo capítulo, títulos repetidos entre
        capítulos): entonces se lee como siempre."""
        import json

        from . import cache

        capitulos = self._capitulos(markdown)
        if len(capitulos) < 2 or cache.abrir() is None:
            return None
        lectura = _huella_de_lectura()
        claves = [cache.clave(cache.contenido(c.encode("utf-8")), "árbol de pandoc", lectura) for c in capitulos]
        arboles = {i: a for i, a in ((i, _arbol_guardado(k)) for i, k in enumerate(claves)) if a is not None}
        faltan = {i: c for i, c in enumerate(capitulos) if i not in arboles}
        for i, arbol in _leer_capitulos(faltan, self.grupos or 2).items():
            arboles[i] = arbol
            cache.guardar_arbol(claves[i], json.dumps(arbol, ensure_ascii=False).encode("utf-8"))
        bloques = [b for i in range(len(capitulos)) for b in arboles[i]["blocks"]]
        if _ids_repetidos(bloques):
            return None
        self.capitulos = [(claves[i], arboles[i]) for i in range(len(capitulos))]
        return json.dumps({"pandoc-api-version": arboles[0]["pandoc-api-version"], "meta": arboles[0]["meta"],
                           "blocks": bloques}, ensure_ascii=False)

    def _leer(self, partes: list[str]) -> list[dict]:
        import hashlib
        import json
        from concurrent.futures import ThreadPoolExecutor

        claves = [hashlib.blake2b(p.encode("utf-8"), digest_size=16).hexdigest() for p in partes]
        faltan = {c: p for c, p in zip(claves, partes) if c not in self._memoria}
        with ThreadPoolExecutor(max_workers=2) as hilos:
            for clave, arbol in zip(faltan, hilos.map(leer_markdown, faltan.values())):
                self._memoria[clave] = json.loads(arbol)
        arboles = [self._memoria[c] for c in claves]
        self._memoria = dict(zip(claves, arboles))  # solo lo del informe actual
        self.capitulos = list(zip(claves, arboles))
        return arboles


def desde_ast(ast: str, formato: str, salida: Path | None, argumentos: list[str], filtros=()) -> str:
    """Un formato a partir del árbol de `leer_markdown`, con los filtros propios de ese formato."""
    return _pandoc(ast, formato, salida, argumentos, origen="json", filtros=filtros)


# Lo que el Markdown del informe puede citar de la carpeta de salida: las copias que hizo la herramienta.
# (Una mención en prosa también se copia: es un archivo que la herramienta misma escribió.)
_RECURSO = re.compile(r"\b((?:graficas|imagenes)-[0-9]{4}-[0-9]{2}/[A-Za-z0-9_-]+\.(?:png|jpe?g))\b")


def _recursos(markdown: str, salida: Path, destino: Path) -> None:
    """Copia a `destino` (una carpeta temporal) las imágenes que el Markdown cita de la salida, y nada más.

    pandoc busca imágenes solo ahí (--resource-path) y Typst compila con esa carpeta como raíz: ninguno
    puede leer otros archivos de la salida (informes anteriores) ni de fuera."""
    import shutil
    import stat

    for relativa in sorted(set(_RECURSO.findall(markdown))):
        origen = salida / relativa
        try:
            if not stat.S_ISREG(os.lstat(origen).st_mode):
                continue
        except OSError:
            continue
        (destino / relativa).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origen, destino / relativa, follow_symlinks=False)


def _fecha(ctx: Contexto) -> datetime:
    fin = ctx.r.fin
    return datetime(fin.year, fin.month, fin.day, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- DOCX

def a_docx(doc, destino: Path) -> None:
    """`doc`: escritores.Documento. Las imágenes van dentro del DOCX: espera a que estén dibujadas."""
    ctx = doc.ctx
    ast = doc.ast()
    doc.esperar_figuras()
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as recursos:
        _recursos(doc.markdown, doc.trabajo, Path(recursos))
        crudo = Path(tmp) / "pandoc.docx"
        # quitar_indice.lua otra vez: su estilo de «Fuente» es propio del DOCX (FORMAT), no del árbol común
        desde_ast(ast, "docx", crudo, [*(["--toc", "--toc-depth=2"] if ctx.indice else []),
                                       f"--resource-path={recursos}",
                                       "--metadata", f"toc-title={ctx.titulo_indice}"], filtros=(FILTRO_INDICE,))
        from .docx_formato import dar_formato

        documento = dar_formato(crudo, ctx, _fecha(ctx).replace(tzinfo=None))
        escribir_atomico(destino, zip_determinista(documento))


# --------------------------------------------------------------------------- PDF

def _cadena_typst(texto: str) -> str:
    """Una cadena literal de Typst en texto plano (metadatos del PDF): sin saltos ni controles."""
    plano = " ".join("".join(c if c.isprintable() else " " for c in texto).split())
    return '"' + plano.replace("\\", "\\\\").replace('"', '\\"') + '"'


def a_pdf(doc, destino: Path) -> None:
    """`doc`: escritores.Documento. La fuente Typst no necesita las gráficas: se escribe mientras se dibujan.
    Con el lector de `compilar` (caché de árboles), la de cada capítulo también sale de la caché."""
    fuente = markdown_a_typst(doc.ast(), doc.ctx, por_capitulos=bool(getattr(doc.lector, "cache", False)))
    doc.esperar_figuras()
    typst_a_pdf(fuente, destino, doc.trabajo, doc.ctx)


FILTROS_TYPST = (FILTRO_ENTIDADES, FILTRO_ALT, FILTRO_PALABRAS, FILTRO_PAGINAS)


def markdown_a_typst(ast: str, ctx: Contexto, por_capitulos: bool = False) -> str:
    """Primera mitad del PDF, a partir del árbol de `leer_markdown`. `por_capitulos`: el Typst de cada capítulo
    y el de la plantilla, de la caché si ya se escribieron (`_typst_por_capitulos`); la fuente es la misma."""
    argumentos = _argumentos_typst(ctx)
    if por_capitulos:
        fuente = _typst_por_capitulos(ast, argumentos)
        if fuente is not None:
            return fuente
    return desde_ast(ast, "typst", None, argumentos, filtros=FILTROS_TYPST)


@functools.cache
def _huella_de_escritura() -> str:
    """Lo que decide el Typst de un capítulo además de su árbol: los filtros de Typst, la plantilla y pandoc."""
    return _huella_con_pandoc(b"typst", (*FILTROS_TYPST, PLANTILLA_TYPST))


def _en_capitulos(bloques: list) -> list[list]:
    """Los bloques del informe partidos antes de cada título de nivel 1."""
    capitulos: list[list] = [[]]
    for bloque in bloques:
        if bloque.get("t") == "Header" and bloque["c"][0] == 1 and capitulos[-1]:
            capitulos.append([])
        capitulos[-1].append(bloque)
    return capitulos


def _typst_por_capitulos(ast: str, argumentos: list[str]) -> str | None:
    """La fuente Typst con el texto de cada capítulo y el de la plantilla (portada, índice, metadatos) tomados
    de la caché si ya se escribieron; pandoc escribe solo los que faltan (`_escribir_typst`). Tras editar un
    texto, pandoc escribe un capítulo (≈0.05 s) en lugar del informe entero (≈0.25 s, en el camino del PDF).
    Los filtros de Typst no miran fuera de su tabla o su párrafo: la fuente es la misma, byte a byte, que la de
    una sola corrida (tests/test_escritores.py). None si no se puede (sin caché, un capítulo, una marca que no
    vuelve entera): entonces se escribe de una vez."""
    import json

    from . import cache

    arbol = json.loads(ast)
    capitulos = _en_capitulos(arbol["blocks"])
    if len(capitulos) < 2 or cache.abrir() is None:
        return None
    marco = {k: v for k, v in arbol.items() if k != "blocks"}
    claves, clave_plantilla = _claves_de_typst(marco, capitulos, argumentos)
    textos = [cache.leer_typst(k) for k in claves]
    plantilla = cache.leer_typst(clave_plantilla)
    faltan = [i for i, texto in enumerate(textos) if texto is None]
    escritos, nueva = _escribir_typst(marco, [capitulos[i] for i in faltan], None if plantilla else argumentos)
    if escritos is None or plantilla is nueva is None:
        return None
    for i, texto in zip(faltan, escritos):
        textos[i] = texto
        cache.guardar_typst(claves[i], texto.encode("utf-8"))
    if nueva is not None:
        plantilla = nueva
        cache.guardar_typst(clave_plantilla, nueva.encode("utf-8"))
    # una cadena de los metadatos (un título) con la marca: se escribe de una vez
    return plantilla.replace(_MARCA_GUARDADA, "\n\n".join(textos)) if plantilla.count(_MARCA_GUARDADA) == 1 else None


def _claves_de_typst(marco: dict, capitulos: list[list], argumentos: list[str]) -> tuple[list[str], str]:
    """La clave en la caché del Typst de cada capítulo (su árbol) y la de la plantilla (los argumentos)."""
    import json

    from . import cache

    en_comun = (_huella_de_escritura(), json.dumps(marco, ensure_ascii=False, sort_keys=True))
    claves = [cache.clave(cache.contenido(json.dumps(c, ensure_ascii=False, sort_keys=True).encode("utf-8")),
                          "typst de un capítulo", *en_comun) for c in capitulos]
    plantilla = cache.clave(cache.contenido("\0".join(argumentos).encode("utf-8", "surrogateescape")),
                            "typst de la plantilla", *en_comun)
    return claves, plantilla


def _escribir_typst(marco: dict, capitulos: list[list], argumentos: list[str] | None
                    ) -> tuple[list[str] | None, str | None]:
    """El Typst de estos capítulos, en una corrida de pandoc, separados por una marca que ningún dato puede
    contener (lleva un número al azar de esta corrida); y con `argumentos`, a la vez en otra corrida, la
    plantilla con `_MARCA_GUARDADA` en el lugar del cuerpo. None en lo que no salió entero."""
    import json
    import secrets
    from concurrent.futures import ThreadPoolExecutor

    marca = f"// informe-capitulo-{secrets.token_hex(16)}"
    crudo = {"t": "RawBlock", "c": ["typst", marca]}

    def capitulos_() -> list[str] | None:
        bloques = [b for capitulo in capitulos for b in (*capitulo, crudo)]
        piezas = desde_ast(json.dumps({**marco, "blocks": bloques}, ensure_ascii=False), "typst", None, [],
                           filtros=FILTROS_TYPST).split(marca)
        if len(piezas) != len(capitulos) + 1 or piezas[-1].strip("\n"):
            return None
        textos = [p.strip("\n") for p in piezas[:-1]]
        return None if not all(textos) else textos

    def plantilla_() -> str | None:
        texto = desde_ast(json.dumps({**marco, "blocks": [crudo]}, ensure_ascii=False), "typst", None, argumentos,
                          filtros=FILTROS_TYPST)
        return texto.replace(marca, _MARCA_GUARDADA) if texto.count(marca) == 1 else None

    with ThreadPoolExecutor(max_workers=2) as hilos:
        escritos = hilos.submit(capitulos_) if capitulos else None
        plantilla = hilos.submit(plantilla_) if argumentos is not None else None
        return (escritos.result() if escritos else []), (plantilla.result() if plantilla else None)


# En la plantilla guardada, el lugar del cuerpo. Si una cadena de los metadatos (un título) la contuviera,
# aparecería dos veces y la fuente se escribe de una vez.
_MARCA_GUARDADA = "// informe-cuerpo-del-informe"


def _argumentos_typst(ctx: Contexto) -> list[str]:
    from .renderizar import rango_fechas

    fecha = _fecha(ctx)
    r = ctx.r
    return [
        "--standalone", f"--template={PLANTILLA_TYPST}", *(["--toc", "--toc-depth=2"] if ctx.indice else []),
        "--metadata", f"titulo-corto={ctx.titulo_corto}",
        "--metadata", f"titulo-indice={ctx.titulo_indice}",
        "--metadata", f"institucion={ctx.proceso.institucion}",
        "--metadata", f"area={ctx.proceso.area}",
        # unas fechas supuestas no se imprimen como hecho: la portada calla el periodo. Ninguna portada da una
        # «fecha de corte»: las fuentes no la dan como tal (el Quinto solo fecha el corte estatal)
        *([] if not ctx.fechas_en_portada else [
            "--metadata", f"periodo-texto=Periodo que se informa: {rango_fechas(r.inicio, r.fin)}"]),
        # las variables entran tal cual (sin escape de pandoc): por eso esta ya es una cadena Typst
        "--variable", f"titulo-plano={_cadena_typst(ctx.titulo)}",
        "--variable", f"autor-plano={_cadena_typst(autor(ctx))}",
        "--variable", f"asunto-plano={_cadena_typst(asunto(ctx))}",
        "--variable", f"anio={fecha.year}", "--variable", f"mes={fecha.month}", "--variable", f"dia={fecha.day}",
    ]


# Lo que Typst dice en inglés, en español: el analista no lee el mensaje del compilador.
_CAUSAS_TYPST = (
    ("bibliography", "una cita («@…») que el informe no tiene dónde buscar"),
    ("depth exceeded", "algo anidado en exceso (citas, listas o paréntesis uno dentro de otro)"),
    ("decode", "una imagen que no se puede leer"),
    ("image", "una imagen que no se puede usar"),
    ("font", "un carácter que la letra del informe no tiene"),
    ("glyph", "un carácter que la letra del informe no tiene"),
)


def falla_de_typst(error: Exception, fuente_typst: str) -> str:
    """La falla de Typst en español: su causa, si se reconoce, y el pasaje del informe donde ocurrió (la línea
    del documento intermedio, que es texto del informe), nunca el mensaje del compilador."""
    import unicodedata

    mensaje = str(getattr(error, "message", "") or error).lower()
    causa = next((texto for clave, texto in _CAUSAS_TYPST if clave in mensaje), "algo que Typst no pudo componer")
    lugar = re.search(r"informe\.typ:(\d+):", str(getattr(error, "diagnostic", "") or ""))
    lineas = fuente_typst.split("\n")
    pasaje = ""
    if lugar and 0 < int(lugar[1]) <= len(lineas):
        plano = "".join(c for c in lineas[int(lugar[1]) - 1] if unicodedata.category(c)[0] != "C").strip()
        pasaje = f", en el pasaje «{plano[:80]}{'…' if len(plano) > 80 else ''}»"
    return (f"Typst no pudo componer el PDF: {causa}{pasaje}. Revise ese pasaje en los textos del analista "
            "(informe validar) o en las plantillas propias (--plantillas).")


def falla_con_pasaje(error: Exception, fuente_typst: str) -> ErrorDeConversion:
    """La falla de Typst como ErrorDeConversion, con el pasaje donde ocurrió en `pasaje` (compilar busca en qué
    texto del analista y en qué línea está)."""
    falla = ErrorDeConversion(falla_de_typst(error, fuente_typst))
    falla.pasaje = (re.search(r"en el pasaje «(.*)»\.", str(falla)) or [None, None])[1]
    return falla


def typst_a_pdf(fuente_typst: str, destino: Path, salida: Path, ctx: Contexto) -> None:
    import typst

    fecha = _fecha(ctx)
    # Typst lee lo que quiera bajo su raíz (#read, #image): la raíz es una carpeta temporal con el .typ y
    # las copias de las imágenes que el informe cita, nunca la carpeta de salida ni la de trabajo.
    with tempfile.TemporaryDirectory() as raiz:
        _recursos(fuente_typst, salida, Path(raiz))
        archivo = Path(raiz) / "informe.typ"
        archivo.write_text(fuente_typst, encoding="utf-8")
        try:
            pdf = typst.compile(str(archivo), root=raiz, font_paths=[str(FUENTES)], ignore_system_fonts=True,
                                pdf_standards=list(ESTANDARES_PDF), timestamp=int(fecha.timestamp()))
        except Exception as e:  # typst levanta su propio tipo de error con el diagnóstico
            if "PDF/A" in str(e) or "PDF/UA" in str(e):
                raise ErrorDeConversion(f"el PDF no cumpliría PDF/A-2a y PDF/UA-1 ({e}). Revise las imágenes sin "
                                        "texto alternativo en los textos del analista (informe validar las señala) "
                                        "y en las plantillas propias (--plantillas).") from e
            raise falla_con_pasaje(e, fuente_typst) from e
    escribir_atomico(destino, pdf)
