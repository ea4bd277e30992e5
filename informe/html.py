"""El informe como una página web autocontenida: `informe-<periodo>.html`.

pandoc escribe el índice y el cuerpo desde el árbol común (`escritores.Documento.ast`); aquí se arma la
página alrededor: portada con los mismos datos que la del PDF, estilos, letra y figuras dentro del archivo
(ninguna petición a la red; la política de contenido lo prohíbe), `lang="es-MX"`, encabezados de tabla con
`scope`. Todo texto de los datos llega escapado: el de pandoc lo escapa pandoc (y recursos.lua rechaza el
HTML crudo, como en los demás formatos) y el de la portada, `html.escape`.

Mismos datos, mismos bytes: sin fecha de la corrida ni versión de nada dentro.
"""

from __future__ import annotations

import base64
import functools
import re
from html import escape
from pathlib import Path

from .renderizar import PLANTILLAS_PAQUETE

PLANTILLA = PLANTILLAS_PAQUETE / "informe.html"
ESTILOS = PLANTILLAS_PAQUETE / "informe.css"

# Nada sale de la página: ni scripts, ni conexiones, ni formularios; estilos, letras e imágenes son de
# la página misma (data:). La vista previa agrega su script y su canal de eventos (vista.py).
POLITICA = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; "
            "form-action 'none'")

# Lo que el HTML de pandoc puede citar como imagen: las copias que la herramienta dejó en la carpeta de
# trabajo (recursos.lua ya rechazó cualquier otra ruta).
_IMAGEN = re.compile(r'(<img\b[^>]*?\bsrc=")((?:graficas|imagenes)-[0-9]{4}-[0-9]{2}/[A-Za-z0-9_-]+\.(png|jpe?g))"')
_TIPO = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}

# Los caracteres que la letra incrustada cubre: latín básico y de Europa occidental, la puntuación
# tipográfica y los signos del informe. Un carácter fuera de ellos se dibuja con la letra del sistema.
_CARACTERES = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2027), 0x2030, 0x2039, 0x203A,
               0x20AC, 0x2116, 0x2122, 0x2212, 0x2022, 0x200B]
_LETRAS = (("LiberationSans-Regular.ttf", "normal", "normal"), ("LiberationSans-Bold.ttf", "bold", "normal"),
           ("LiberationSans-Italic.ttf", "normal", "italic"), ("LiberationSans-BoldItalic.ttf", "bold", "italic"))


@functools.cache
def _letra_woff(archivo: str) -> bytes:
    """Liberation Sans recortada a `_CARACTERES`, en WOFF: ≈30 kB por variante en lugar de 410 kB. Recortar
    cuesta más que todo el HTML: se guarda en la caché (la tabla de las figuras, por huella de lo que la
    produce) y en memoria (la vista previa no la repite en cada cambio)."""
    import hashlib
    from importlib.metadata import version

    from . import cache
    from .convertir import FUENTES

    ttf = (FUENTES / archivo).read_bytes()
    huella = hashlib.blake2b(f"letra woff {cache.version_del_codigo()} fonttools {version('fonttools')} "
                             f"{_CARACTERES}".encode() + ttf, digest_size=32).hexdigest()
    guardada = cache.leer_figura(huella)
    if guardada is not None:
        return guardada
    woff = _recortar(ttf)
    cache.guardar_figura(huella, woff)
    return woff


def _recortar(ttf: bytes) -> bytes:
    import io
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    opciones = subset.Options()
    opciones.flavor = "woff"
    opciones.layout_features = ["kern", "liga"]
    opciones.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # la licencia OFL viaja con la letra
    opciones.notdef_outline = True
    opciones.drop_tables = [*opciones.drop_tables, "FFTM"]
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # sus avisos en inglés no son para el analista
    letra = TTFont(io.BytesIO(ttf), recalcTimestamp=False)
    recortador = subset.Subsetter(opciones)
    recortador.populate(unicodes=_CARACTERES)
    recortador.subset(letra)
    letra.flavor = "woff"
    salida = io.BytesIO()
    letra.save(salida, reorderTables=True)
    return salida.getvalue()


@functools.cache
def estilos() -> str:
    """Las letras (@font-face en data:) y la hoja de estilos del informe."""
    caras = []
    for archivo, peso, estilo in _LETRAS:
        datos = base64.b64encode(_letra_woff(archivo)).decode("ascii")
        caras.append(f'@font-face {{ font-family: "Liberation Sans"; font-weight: {peso}; font-style: {estilo}; '
                     f'font-display: swap; src: url(data:font/woff;base64,{datos}) format("woff"); }}')
    return "\n".join(caras) + "\n" + ESTILOS.read_text(encoding="utf-8")


def _partes(fragmento: str) -> dict[str, str]:
    """Las piezas que escribió la plantilla de pandoc (plantillas/informe.html)."""
    partes = re.split(r"<!--informe:(titulo|subtitulo|indice|cuerpo)-->", fragmento)
    return {partes[i]: partes[i + 1].strip() for i in range(1, len(partes) - 1, 2)}


def _imagenes(cuerpo: str, trabajo: Path) -> str:
    """Cada imagen que el informe cita, dentro de la página (data:), con el texto alternativo de pandoc."""
    def incrustar(m: re.Match) -> str:
        datos = base64.b64encode((trabajo / m[2]).read_bytes()).decode("ascii")
        return f'{m[1]}data:{_TIPO[m[3].lower()]};base64,{datos}"'

    return _IMAGEN.sub(incrustar, cuerpo)


# Un vínculo del informe lleva a la web, a un correo o a otra parte de la página; otro esquema
# (javascript:, data:, file:, una ruta relativa) pierde su destino y queda como texto.
_DESTINO_AJENO = re.compile(r'<a href="(?!(?i:https?://|mailto:|#))[^"]*"')


def _vinculos(cuerpo: str) -> str:
    return _DESTINO_AJENO.sub("<a", cuerpo)


def _tablas(cuerpo: str) -> str:
    """`scope="col"` en cada encabezado de columna (pandoc escribe `<th>` solo en `<thead>`) y un recuadro,
    nombrado con la leyenda de la tabla, que desplaza una tabla ancha en una pantalla angosta sin desplazar
    la página (y que el teclado puede recorrer)."""
    cuerpo = re.sub(r"<th(?=[\s>])", '<th scope="col"', cuerpo)

    def recuadro(m: re.Match) -> str:
        # la leyenda ya viene escapada por pandoc, que no escapa las comillas: dentro de un atributo, sí
        leyenda = " ".join(re.sub(r"<[^>]*>", "", m[2] or "").split()).replace('"', "&quot;") or "Tabla"
        return f'<div class="tabla" role="region" tabindex="0" aria-label="{leyenda}">\n{m[1]}'

    cuerpo = re.sub(r"(<table\b[^>]*>\s*(?:<caption>(.*?)</caption>)?)", recuadro, cuerpo, flags=re.S)
    return cuerpo.replace("</table>", "</table>\n</div>")


# Las etiquetas que no cortan el texto de un párrafo: «<strong>87</strong> reuniones» es una cifra con su
# palabra, como en el DOCX (donde pandoc también la parte en dos tramos).
_EN_LINEA = frozenset(("a", "strong", "em", "span", "sup", "sub", "small", "b", "i", "u", "mark", "abbr", "cite",
                       "q", "s", "del", "ins"))
# Su texto queda como está: el código, y los títulos, que el índice repite tal cual (como en el Markdown).
_INTACTAS = frozenset(("code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "svg", "math"))
_ETIQUETA = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_NOMBRE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")


def _palabras_juntas(cuerpo: str) -> str:
    """Las fechas y las cifras unidas a sus palabras con espacios duros (lengua.juntas), como en el Markdown, el
    DOCX y el PDF: solo en el texto, nunca dentro de una etiqueta (sus atributos, una dirección), del código ni
    de un título; en una celda, con la regla de las celdas. Un tramo de texto es lo que va entre dos etiquetas
    que no son de línea; el cambio no altera su largo, y cada pedazo recupera el suyo."""
    from .lengua import juntar, juntas

    patrones = (juntas(), juntas(en_celda=True))
    partes = _ETIQUETA.split(cuerpo)
    intactas = celdas = 0
    tramo: list[int] = []  # índices de las partes de texto del tramo abierto

    def cerrar() -> None:
        if tramo and not intactas:
            junto = juntar("".join(partes[i] for i in tramo), patrones[celdas > 0])
            inicio = 0
            for i in tramo:
                partes[i], inicio = junto[inicio:inicio + len(partes[i])], inicio + len(partes[i])
        tramo.clear()

    for i, parte in enumerate(partes):
        if i % 2 == 0:  # texto (split con un grupo alterna texto y etiqueta)
            tramo.append(i)
            continue
        m = _NOMBRE.match(parte)
        nombre = m[2].lower() if m else ""
        if nombre in _EN_LINEA:
            continue
        cerrar()
        if nombre in _INTACTAS and not parte.endswith("/>"):
            intactas = max(0, intactas - 1) if m[1] else intactas + 1
        elif nombre in ("td", "th"):
            celdas = max(0, celdas - 1) if m[1] else celdas + 1
    cerrar()
    return "".join(partes)


def _portada(ctx, titulo: str, subtitulo: str) -> str:
    """Los datos de la portada del PDF, en el mismo orden: institución, título, mes, periodo, área. Sin «fecha de
    corte», como el PDF: las fuentes no la dan como tal."""
    from .renderizar import rango_fechas

    lineas = ['<header class="portada">']
    if ctx.proceso.institucion:
        lineas.append(f'<p class="institucion">{escape(ctx.proceso.institucion)}</p>')
    lineas.append(f'<h1 id="titulo">{titulo}</h1>')
    if subtitulo:
        lineas.append(f'<p class="subtitulo">{subtitulo}</p>')
    if ctx.fechas_en_portada:  # unas fechas supuestas no se imprimen como hecho (como en el PDF)
        lineas.append(f"<p>Periodo que se informa: {escape(rango_fechas(ctx.r.inicio, ctx.r.fin))}</p>")
    if ctx.proceso.area:
        lineas.append(f'<p class="area">{escape(ctx.proceso.area)}</p>')
    lineas.append("</header>")
    return "\n".join(lineas)


# pandoc → HTML: los títulos del cuerpo bajan un nivel (el h1 es el de la portada), fórmulas en MathML
# (sin scripts ni red) y cada párrafo en una línea.
_ARGUMENTOS = ["--shift-heading-level-by=1", "--mathml", "--wrap=none"]


def _piezas(doc) -> dict[str, str]:
    """Título, subtítulo, índice y cuerpo del documento, en una pasada de pandoc."""
    from .convertir import desde_ast

    fragmento = desde_ast(doc.ast(), "html5", None, [
        "--standalone", f"--template={PLANTILLA}", *_ARGUMENTOS,
        *(["--toc", "--toc-depth=3"] if doc.ctx.indice else [])])
    return _partes(fragmento)


class PiezasPorCapitulos:
    """Las mismas piezas que `_piezas`, capítulo por capítulo, para `informe vista`: pandoc solo escribe el
    capítulo que cambió (con `convertir.LectorPorCapitulos`, que solo lo vuelve a leer). El índice y la
    portada salen de un documento con solo los títulos; las notas al pie se renumeran y se juntan al final,
    como las deja pandoc con el documento entero (tests/test_escritores.py compara los dos caminos)."""

    def __init__(self, lector) -> None:
        self.lector = lector
        self._memoria: dict[str, tuple[str, str, int]] = {}  # huella → (cuerpo, notas, cuántas notas)

    def __call__(self, doc) -> dict[str, str]:
        import json
        from concurrent.futures import ThreadPoolExecutor

        from .convertir import desde_ast

        doc.ast()
        capitulos = self.lector.capitulos
        faltan = {c: a for c, a in capitulos if c not in self._memoria}

        def escribir(arbol: dict) -> tuple[str, str, int]:
            return _notas_aparte(desde_ast(json.dumps(arbol, ensure_ascii=False), "html5", None, _ARGUMENTOS))

        with ThreadPoolExecutor(max_workers=2) as hilos:
            for clave, escrito in zip(faltan, hilos.map(escribir, faltan.values())):
                self._memoria[clave] = escrito
        self._memoria = {c: self._memoria[c] for c, _ in capitulos}
        cuerpos, notas, cuenta = [], [], 0
        for clave, _ in capitulos:
            cuerpo, sus_notas, n = self._memoria[clave]
            cuerpos.append(_renumerar(cuerpo, cuenta))
            notas.append(_renumerar(sus_notas, cuenta))
            cuenta += n
        cuerpo = "\n".join(c for c in cuerpos if c)
        if cuenta:
            cuerpo += ('\n<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">\n'
                       '<hr />\n<ol>\n' + "\n".join(n for n in notas if n) + "\n</ol>\n</section>")
        titulos = {"pandoc-api-version": capitulos[0][1]["pandoc-api-version"], "meta": capitulos[0][1]["meta"],
                   "blocks": [b for _, a in capitulos for b in a["blocks"] if b.get("t") == "Header"]}
        piezas = _partes(desde_ast(json.dumps(titulos, ensure_ascii=False), "html5", None, [
            "--standalone", f"--template={PLANTILLA}", *_ARGUMENTOS,
            *(["--toc", "--toc-depth=3"] if doc.ctx.indice else [])]))
        return {**piezas, "cuerpo": cuerpo}


_NOTAS = re.compile(r'\n?<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">\n'
                    r'<hr />\n<ol>\n(.*)\n</ol>\n</section>\s*$', re.S)
_NUMERO_DE_NOTA = re.compile(r'(id="fn|href="#fn|id="fnref|href="#fnref)(\d+)"|(role="doc-noteref"><sup>)(\d+)(</sup>)')


def _notas_aparte(html: str) -> tuple[str, str, int]:
    """(cuerpo sin la sección de notas, los `<li>` de las notas, cuántas son)."""
    m = _NOTAS.search(html)
    if m is None:
        return html.strip(), "", 0
    return html[:m.start()].strip(), m[1], len(re.findall(r'<li id="fn\d+"', m[1]))


def _renumerar(html: str, desde: int) -> str:
    if not desde:
        return html
    return _NUMERO_DE_NOTA.sub(lambda m: f'{m[1]}{int(m[2]) + desde}"' if m[1] else f"{m[3]}{int(m[4]) + desde}{m[5]}",
                               html)


def pagina(doc, politica: str = POLITICA, cabeza_extra: str = "", cuerpo_extra: str = "", piezas=_piezas) -> str:
    """La página completa. `politica`, `cabeza_extra` y `cuerpo_extra`: lo que agrega la vista previa;
    `piezas`: cómo se obtienen título, índice y cuerpo (de una pasada o por capítulos)."""
    from .renderizar import asunto, autor

    ctx = doc.ctx
    partes = piezas(doc)
    doc.esperar_figuras()
    # los espacios duros al final: la etiqueta aria-label de cada tabla copia su leyenda tal como pandoc la escribió
    cuerpo = _palabras_juntas(_tablas(_vinculos(_imagenes(partes.get("cuerpo", ""), doc.trabajo))))
    indice = partes.get("indice", "")
    nav = (f'<nav class="indice" aria-labelledby="titulo-indice">\n<h2 id="titulo-indice">'
           f'{escape(ctx.titulo_indice)}</h2>\n{indice}\n</nav>\n') if indice else ""
    return (
        '<!DOCTYPE html>\n<html lang="es-MX">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(politica, quote=False)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<title>{escape(ctx.titulo)}</title>\n'
        f'<meta name="author" content="{escape(autor(ctx))}">\n'
        f'<meta name="description" content="{escape(asunto(ctx))}">\n'
        f'<style>\n{estilos()}</style>\n{cabeza_extra}</head>\n<body>\n'
        '<a class="saltar" href="#contenido">Ir al contenido</a>\n'
        f'{cuerpo_extra}{_portada(ctx, partes.get("titulo", ""), partes.get("subtitulo", ""))}\n{nav}'
        f'<main id="contenido">\n{cuerpo}\n</main>\n</body>\n</html>\n'
    )


def a_html(doc, destino: Path) -> None:
    """`doc`: escritores.Documento."""
    from .archivos import escribir_atomico

    escribir_atomico(destino, pagina(doc))
