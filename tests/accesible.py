"""Revisiones de accesibilidad y de archivo de los informes compilados (PDF y DOCX), para los tests.

Cada función devuelve la lista de lo que falla, en palabras (vacía si todo cumple), para que un test
que falla diga qué y dónde. Lo que se revisa está en docs/accesibilidad.md.

PDF (pypdf): los estándares declarados en XMP (PDF/A-2a, PDF/UA-1), árbol de estructura, /MarkInfo,
/Lang, título mostrado en la ventana, /Alt en cada /Figure, /TH en el encabezado de cada tabla,
letras incrustadas, marcadores = índice, y el contraste de cada color con que se escribe texto.
DOCX (zip + XML): `descr` en cada wp:docPr, w:tblHeader en la primera fila de cada tabla, w:lang,
propiedades verdaderas y el contraste de cada color de texto que usa el documento.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
CONTRASTE_AA = 4.5  # WCAG 2.x, 1.4.3: texto normal


# --------------------------------------------------------------------------- color

def _lineal(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminancia(rgb: tuple[float, float, float]) -> float:
    """Luminancia relativa de WCAG 2.x; componentes de 0 a 1."""
    r, g, b = (_lineal(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contraste(a: tuple[float, float, float], b: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> float:
    """Razón de contraste de WCAG entre dos colores (por omisión, contra el blanco del papel)."""
    la, lb = sorted((luminancia(a), luminancia(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def de_hex(valor: str) -> tuple[float, float, float]:
    return tuple(int(valor[i:i + 2], 16) / 255 for i in (0, 2, 4))


# --------------------------------------------------------------------------- PDF

def _obj(x):
    return x.get_object() if hasattr(x, "get_object") else x


def estructura(lector) -> list:
    """Los elementos del árbol de estructura, en orden de lectura (recorrido en profundidad)."""
    raiz = _obj(lector.trailer["/Root"]).get("/StructTreeRoot")
    elementos = []
    pila = [_obj(raiz)] if raiz is not None else []
    while pila:
        nodo = _obj(pila.pop())
        if not isinstance(nodo, dict):
            continue
        if "/S" in nodo:
            elementos.append(nodo)
        hijos = nodo.get("/K")
        if hijos is None:
            continue
        hijos = _obj(hijos)
        hijos = list(hijos) if isinstance(hijos, list) else [hijos]
        pila.extend(reversed(hijos))
    return elementos


def _hijos(nodo) -> list:
    k = _obj(nodo.get("/K"))
    if k is None:
        return []
    return [_obj(x) for x in (k if isinstance(k, list) else [k]) if isinstance(_obj(x), dict) and "/S" in _obj(x)]


def _letras(recursos, vistas: set) -> list[tuple[str, bool]]:
    """(nombre, incrustada) de cada letra de unos recursos y de sus XObject de formulario."""
    salida = []
    recursos = _obj(recursos) or {}
    for letra in (_obj(recursos.get("/Font")) or {}).values():
        letra = _obj(letra)
        if id(letra) in vistas:
            continue
        vistas.add(id(letra))
        descendientes = [_obj(d) for d in _obj(letra.get("/DescendantFonts", []))] or [letra]
        for d in descendientes:
            descriptor = _obj(d.get("/FontDescriptor")) or {}
            incrustada = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            salida.append((str(d.get("/BaseFont")), incrustada or d.get("/Subtype") == "/Type3"))
    for x in (_obj(recursos.get("/XObject")) or {}).values():
        x = _obj(x)
        if x.get("/Subtype") == "/Form" and "/Resources" in x:
            salida += _letras(x["/Resources"], vistas)
    return salida


def colores_de_texto(lector) -> set[tuple[float, float, float]]:
    """Cada color de relleno con que se pinta texto (Tj/TJ) en alguna página, como RGB de 0 a 1.

    Sigue el estado gráfico (q/Q) y los espacios de color: DeviceGray/RGB y los ICCBased que usa
    Typst para PDF/A (1 componente: gris; 3: RGB)."""
    from pypdf.generic import ContentStream

    usados = set()
    for pagina in lector.pages:
        recursos = _obj(pagina.get("/Resources")) or {}
        espacios = _obj(recursos.get("/ColorSpace")) or {}

        def componentes(nombre) -> int:
            if nombre in ("/DeviceGray", "/G"):
                return 1
            if nombre in ("/DeviceRGB", "/RGB"):
                return 3
            if nombre in ("/DeviceCMYK", "/CMYK"):
                return 4
            espacio = _obj(espacios.get(nombre))
            if isinstance(espacio, list) and espacio and espacio[0] == "/ICCBased":
                return int(_obj(espacio[1]).get("/N"))
            return 0

        def como_rgb(valores: list[float], n: int):
            if n == 1:
                return (valores[0],) * 3
            if n == 3:
                return tuple(valores)
            if n == 4:
                c, m, y, k = valores
                return tuple((1 - x) * (1 - k) for x in (c, m, y))
            return None

        actual, pila, n = (0.0, 0.0, 0.0), [], 1
        contenido = pagina.get_contents()
        if contenido is None:
            continue
        for operandos, operador in ContentStream(contenido, lector).operations:
            if operador == b"q":
                pila.append((actual, n))
            elif operador == b"Q" and pila:
                actual, n = pila.pop()
            elif operador == b"cs":
                n = componentes(operandos[0])
                actual = (0.0, 0.0, 0.0)
            elif operador in (b"sc", b"scn") and operandos and all(isinstance(o, (int, float)) or hasattr(o, "as_numeric") for o in operandos):
                actual = como_rgb([float(o) for o in operandos], n) or actual
            elif operador == b"g":
                actual, n = (float(operandos[0]),) * 3, 1
            elif operador == b"rg":
                actual, n = tuple(float(o) for o in operandos), 3
            elif operador == b"k":
                actual, n = como_rgb([float(o) for o in operandos], 4), 4
            elif operador in (b"Tj", b"TJ", b"'", b'"'):
                usados.add(tuple(round(c, 4) for c in actual))
    return usados


def revisar_pdf(ruta: Path, titulo: str, titulos_indice: list[str]) -> list[str]:
    """Lo que falla del PDF/A-2a + PDF/UA-1 de un informe (vacía: cumple lo que aquí se mide)."""
    from pypdf import PdfReader

    lector = PdfReader(str(ruta))
    raiz = _obj(lector.trailer["/Root"])
    fallas = []
    xmp = _obj(raiz.get("/Metadata"))
    xmp = xmp.get_data().decode("utf-8") if xmp is not None else ""
    for patron, que in ((r"pdfaid:part(?:>|=\")2", "PDF/A parte 2"), (r"pdfaid:conformance(?:>|=\")A", "PDF/A nivel A"),
                        (r"pdfuaid:part(?:>|=\")1", "PDF/UA-1")):
        if not re.search(patron, xmp):
            fallas.append(f"XMP no declara {que}")
    if titulo not in xmp:
        fallas.append("XMP sin el título del informe (dc:title)")
    if "/StructTreeRoot" not in raiz:
        fallas.append("sin árbol de estructura (/StructTreeRoot)")
    if not (_obj(raiz.get("/MarkInfo")) or {}).get("/Marked"):
        fallas.append("/MarkInfo /Marked no es true")
    if raiz.get("/Lang") != "es-MX":
        fallas.append(f"/Lang es {raiz.get('/Lang')!r}, no 'es-MX'")
    if not (_obj(raiz.get("/ViewerPreferences")) or {}).get("/DisplayDocTitle"):
        fallas.append("el visor no muestra el título en la ventana (/DisplayDocTitle)")
    if (lector.metadata or {}).get("/Title") != titulo:
        fallas.append("el título del documento (/Info /Title) no es el del informe")
    if "/OutputIntents" not in raiz:
        fallas.append("sin /OutputIntents (PDF/A exige el perfil de color)")
    elementos = estructura(lector)
    figuras = [e for e in elementos if e["/S"] == "/Figure"]
    for i, f in enumerate(figuras, 1):
        if not str(f.get("/Alt") or "").strip():
            fallas.append(f"la figura {i} no tiene /Alt")
    tablas = [e for e in elementos if e["/S"] == "/Table"]
    for i, t in enumerate(tablas, 1):
        filas = []
        for hijo in _hijos(t):
            filas += [hijo] if hijo["/S"] == "/TR" else [f for f in _hijos(hijo) if f["/S"] == "/TR"]
        if not filas or not _hijos(filas[0]) or any(c["/S"] != "/TH" for c in _hijos(filas[0])):
            fallas.append(f"la primera fila de la tabla {i} no es de encabezados /TH")
    for nombre, incrustada in _letras_de(lector):
        if not incrustada:
            fallas.append(f"letra sin incrustar: {nombre}")
    marcadores = [m.title for m in _aplanar(lector.outline)]
    if marcadores != titulos_indice:
        fallas.append(f"los marcadores no son el índice: {marcadores} ≠ {titulos_indice}")
    for color in colores_de_texto(lector):
        if contraste(color) < CONTRASTE_AA:
            fallas.append(f"texto en color {color} con contraste {contraste(color):.2f}:1 < {CONTRASTE_AA}:1")
    return fallas


def _letras_de(lector) -> list[tuple[str, bool]]:
    vistas: set = set()
    salida = []
    for pagina in lector.pages:
        salida += _letras(pagina.get("/Resources"), vistas)
    return salida


def _aplanar(esquema) -> list:
    salida = []
    for m in esquema:
        salida += _aplanar(m) if isinstance(m, list) else [m]
    return salida


def titulos_del_indice(markdown: str, profundidad: int = 2) -> list[str]:
    """Los títulos que lleva el índice (niveles 1 y 2 del Markdown compilado), en orden."""
    titulos, cerca = [], False
    for linea in markdown.splitlines():
        if linea.startswith(("```", "~~~")):
            cerca = not cerca
        m = None if cerca else re.match(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$", linea)
        if m and len(m[1]) <= profundidad and "unlisted" not in (m[3] or ""):
            titulos.append(re.sub(r"\\(.)", r"\1", m[2]))
    return titulos


# --------------------------------------------------------------------------- DOCX

def _xml(z: zipfile.ZipFile, nombre: str):
    return ET.fromstring(z.read(nombre)) if nombre in z.namelist() else None


def revisar_docx(ruta: Path, titulo: str, autor: str, fecha: str, descripciones: list[str]) -> list[str]:
    """Lo que falla de la accesibilidad del DOCX (vacía: cumple lo que aquí se mide).

    `descripciones`: el texto alternativo de cada gráfica, en orden (el mismo que lleva el PDF)."""
    fallas = []
    with zipfile.ZipFile(ruta) as z:
        documento = _xml(z, "word/document.xml")
        estilos = _xml(z, "word/styles.xml")
        core = z.read("docProps/core.xml").decode("utf-8")
        app = z.read("docProps/app.xml").decode("utf-8") if "docProps/app.xml" in z.namelist() else ""
        partes_texto = [_xml(z, n) for n in z.namelist()
                        if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", n)]
    dibujos = documento.findall(f".//{WP}docPr")
    for i, d in enumerate(dibujos, 1):
        if not (d.get("descr") or "").strip():
            fallas.append(f"el dibujo {i} no tiene descr")
    # la imagen de cada dibujo (pic:cNvPr) dice lo mismo que el dibujo, nunca la ruta interna del archivo
    for i, p in enumerate(documento.iter("{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"), 1):
        if re.search(r"\.(png|jpe?g)\b|graficas-|imagenes-", p.get("descr", "") + p.get("name", "")):
            fallas.append(f"la imagen {i} lleva una ruta de archivo en su descr o name: {p.get('descr')!r}")
    graficas = [d.get("descr") for d in dibujos if d.get("descr", "").startswith(("Gráfica", "Línea de tiempo"))]
    if graficas != descripciones:
        fallas.append(f"las descripciones de las gráficas no son las del PDF: {graficas} ≠ {descripciones}")
    for i, tabla in enumerate(documento.iter(f"{W}tbl"), 1):
        primera = tabla.find(f"{W}tr")
        if primera is None or primera.find(f"{W}trPr/{W}tblHeader") is None:
            fallas.append(f"la primera fila de la tabla {i} no es encabezado (w:tblHeader)")
    idioma = estilos.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    if idioma is None or idioma.get(f"{W}val") != "es-MX":
        fallas.append("el idioma del documento (w:lang) no es es-MX")
    for etiqueta, esperado in (("dc:title", titulo), ("dc:creator", autor), ("dc:language", "es-MX")):
        if f"<{etiqueta}>{esperado}</{etiqueta}>" not in core:
            fallas.append(f"propiedad {etiqueta} no es «{esperado}»")
    if not re.search(r"<dc:subject>[^<]+</dc:subject>", core):
        fallas.append("sin asunto (dc:subject)")
    for etiqueta in ("dcterms:created", "dcterms:modified"):
        if not re.search(rf"<{etiqueta}[^>]*>{fecha}T00:00:00Z</{etiqueta}>", core):
            fallas.append(f"{etiqueta} no es la fecha de corte {fecha}")
    if "lastPrinted" in core:
        fallas.append("lastPrinted: el informe nunca se imprimió")
    for sobrante in ("<Words>", "<Characters", "<Lines>", "<Paragraphs>", "<Pages>", "<AppVersion>", "<TotalTime>",
                     "<Template>", "Microsoft"):
        if sobrante in app:
            fallas.append(f"docProps/app.xml trae {sobrante} del documento de referencia")
    for color, donde in colores_docx(estilos, partes_texto):
        if contraste(de_hex(color)) < CONTRASTE_AA:
            fallas.append(f"texto en color #{color} ({donde}) con contraste {contraste(de_hex(color)):.2f}:1")
    return fallas


def colores_docx(estilos, partes) -> set[tuple[str, str]]:
    """(color, dónde) de cada color de texto que el documento usa: el formato directo de sus runs y el de
    cada estilo que alguna parte aplica, con los estilos de los que hereda (basedOn)."""
    por_id = {e.get(f"{W}styleId"): e for e in estilos.iter(f"{W}style")}
    usados, colores = set(), set()
    for parte in partes:
        if parte is None:
            continue
        for etiqueta in ("pStyle", "rStyle", "tblStyle"):
            usados |= {e.get(f"{W}val") for e in parte.iter(f"{W}{etiqueta}")}
        for rpr in parte.iter(f"{W}rPr"):
            c = rpr.find(f"{W}color")
            if c is not None and c.get(f"{W}val") not in (None, "auto"):
                colores.add((c.get(f"{W}val").upper(), "formato directo"))
    por_omision = {"Normal", "DefaultParagraphFont"} | {e.get(f"{W}styleId") for e in estilos.iter(f"{W}style")
                                                         if e.get(f"{W}default") == "1"}
    pendientes = list(usados | por_omision)
    vistos = set()
    while pendientes:
        sid = pendientes.pop()
        if sid in vistos or sid not in por_id:
            continue
        vistos.add(sid)
        estilo = por_id[sid]
        c = estilo.find(f"{W}rPr/{W}color")
        if c is not None and c.get(f"{W}val") not in (None, "auto"):
            colores.add((c.get(f"{W}val").upper(), f"estilo {sid}"))
        base = estilo.find(f"{W}basedOn")
        if base is not None:
            pendientes.append(base.get(f"{W}val"))
    return colores


def indice_docx(ruta: Path) -> list[str]:
    """Las entradas del índice del DOCX (el campo TOC ya lleno), en orden."""
    with zipfile.ZipFile(ruta) as z:
        documento = _xml(z, "word/document.xml")
    sdt = documento.find(f".//{W}sdt")
    return ["".join(t.text or "" for t in v.iter(f"{W}t")) for v in sdt.iter(f"{W}hyperlink")]


def marcadores(ruta: Path) -> list[str]:
    from pypdf import PdfReader

    return [m.title for m in _aplanar(PdfReader(str(ruta)).outline)]
