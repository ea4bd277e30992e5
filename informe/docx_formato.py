"""El acabado del DOCX que produce pandoc, para que la DEOE lo envíe sin tocarlo en Word.

python-docx no tiene API para portada sin encabezado, índice lleno, leyendas con campo SEQ ni
fuentes explícitas en los estilos: aquí se escribe el OOXML. Cada campo (TOC, SEQ, PAGE) lleva
su resultado ya escrito, para que cualquier lector lo muestre antes de actualizar campos;
Word los recalcula al abrir (`w:updateFields`).
"""

from __future__ import annotations

import io
import re
import string
from pathlib import Path

from . import metricas
from .familias import Contexto
from .lengua import juntar, juntas

FUENTE = "Arial"
MORADO = "4D1A4F"  # el mismo color de títulos que el PDF
# La entidad que repite la de la fila anterior: gris, pero legible (5.1:1 sobre blanco; WCAG AA pide 4.5:1)
GRIS_REPETIDO = "6E6E6E"
# Vínculos (notas del analista con URL): el azul de Word, 5.9:1; el del documento de referencia de pandoc
# (4F81BD) queda en 4.0:1
AZUL_VINCULO = "0563C1"
IDIOMA = "es-MX"
_LEYENDA = re.compile(r"^(Tabla|Gráfica|Imagen) (\d+)\. ")
_SEQ = {"Tabla": "Tabla", "Gráfica": "Grafica", "Imagen": "Imagen"}  # identificadores SEQ en ASCII


TEXTO_DE_TABLA = "Texto de tabla"  # el estilo de párrafo de las celdas (9 pt)

def _w(etiqueta: str, **atributos):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    e = OxmlElement(f"w:{etiqueta}")
    for k, v in atributos.items():
        e.set(qn(f"w:{k}"), str(v))
    return e


def _run(texto: str | None = None, *hijos):
    r = _w("r")
    for h in hijos:
        r.append(h)
    if texto is not None:
        t = _w("t")
        t.text = texto
        from docx.oxml.ns import qn

        t.set(qn("xml:space"), "preserve")
        r.append(t)
    return r


def _fuentes_explicitas(doc) -> None:
    """Cada estilo nombra su fuente: sin esto los títulos de pandoc usan la fuente del tema (Aptos, Calibri…)."""
    from docx.oxml.ns import qn

    raiz = doc.styles.element
    for rfonts in raiz.iter(qn("w:rFonts")):
        for atributo in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rfonts.attrib.pop(qn(f"w:{atributo}"), None)
    defectos = raiz.find(qn("w:docDefaults"))
    destinos = [e for e in raiz.findall(qn("w:style")) if e.get(qn("w:type")) in ("paragraph", "character", "table")]
    if defectos is not None:
        rpr_defecto = defectos.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr_defecto is not None:
            destinos.append(rpr_defecto)
    for estilo in destinos:
        rpr = estilo if estilo.tag == qn("w:rPr") else estilo.find(qn("w:rPr"))
        if rpr is None:
            rpr = _w("rPr")
            estilo.append(rpr)
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = _w("rFonts")
            rpr.insert(0, rfonts)
        for atributo in ("ascii", "hAnsi", "cs", "eastAsia"):
            rfonts.set(qn(f"w:{atributo}"), FUENTE)


def _estilo(doc, nombre: str, base: str = "Normal"):
    from docx.enum.style import WD_STYLE_TYPE

    if nombre in [s.name for s in doc.styles]:
        return doc.styles[nombre]
    estilo = doc.styles.add_style(nombre, WD_STYLE_TYPE.PARAGRAPH)
    estilo.base_style = doc.styles[base]
    return estilo


def _color(estilo, rgb: str) -> None:
    """El color del estilo, sin el del tema: Word usa `themeColor` antes que `val` si ambos están."""
    from docx.shared import RGBColor

    estilo.font.color.rgb = RGBColor.from_string(rgb)


def _estilos(doc) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    nombres = {s.name for s in doc.styles}
    for nombre in ("Body Text", "First Paragraph"):
        e = _estilo(doc, nombre)
        e.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        e.paragraph_format.space_after = Pt(8)
    # Las celdas en letra de tabla con un estilo propio: pandoc usa «Compact» también para las listas
    # compactas del cuerpo, que en 9 pt se leían como letra menuda entre párrafos de 11 pt
    _estilo(doc, TEXTO_DE_TABLA, base="Compact").font.size = Pt(9)
    for nombre, tam in (("Title", 18), ("Subtitle", 13)):
        e = _estilo(doc, nombre)
        e.font.size, e.font.bold = Pt(tam), True
        e.font.color.rgb = RGBColor.from_string(MORADO)
        e.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for nivel, tam in ((1, 14), (2, 12), (3, 11)):
        e = _estilo(doc, f"Heading {nivel}")
        e.font.size, e.font.bold, e.font.italic = Pt(tam), True, False
        e.font.color.rgb = RGBColor.from_string(MORADO)
        e.paragraph_format.keep_with_next = True  # un título nunca queda solo al pie de la página
        e.paragraph_format.space_before = Pt(14 if nivel == 1 else 10)
        e.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    # Todos los niveles de título, sus estilos de carácter vinculados y el título del índice en el color de
    # la institución (los del documento de referencia traen el azul del tema de Word)
    for nivel in range(1, 10):
        for nombre in (f"Heading {nivel}", f"Heading {nivel} Char"):
            if nombre in nombres:
                _color(doc.styles[nombre], MORADO)
    indice = _estilo(doc, "TOC Heading", "Heading 1")
    indice.font.size, indice.font.bold = Pt(14), True
    _color(indice, MORADO)
    if "Hyperlink" in nombres:
        _color(doc.styles["Hyperlink"], AZUL_VINCULO)
    for nombre in ("Table Caption", "Image Caption"):
        e = _estilo(doc, nombre)
        e.font.size, e.font.bold, e.font.italic = Pt(10), True, False
        e.font.color.rgb = RGBColor(0, 0, 0)
        e.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        e.paragraph_format.keep_with_next = nombre == "Table Caption"  # la leyenda va sobre su tabla
    figura = _estilo(doc, "Captioned Figure")
    figura.paragraph_format.keep_with_next = True  # la gráfica no se separa de su leyenda
    figura.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fuente = _estilo(doc, "Fuente")
    fuente.font.size = Pt(8.5)
    fuente.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    fuente.paragraph_format.space_after = Pt(10)
    portada = _estilo(doc, "Portada")
    portada.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    portada.font.size = Pt(12)
    for nivel in (1, 2):
        e = _estilo(doc, f"toc {nivel}")
        e.paragraph_format.left_indent = Cm(0.8 * (nivel - 1))
        e.paragraph_format.space_after = Pt(4)
        e.font.bold = nivel == 1


def _portada(doc, ctx: Contexto) -> None:
    """Portada sola en la página 1, sin encabezado: institución, título, mes y periodo."""
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from .renderizar import rango_fechas

    cuerpo = doc.element.body
    primero = cuerpo[0]
    institucion = doc.add_paragraph(ctx.proceso.institucion or "", style="Portada")
    institucion.runs[0].bold = True
    institucion.paragraph_format.space_before = Pt(150)
    institucion.paragraph_format.space_after = Pt(36)
    primero.addprevious(institucion._p)
    r = ctx.r
    # la portada termina en el subtítulo (el mes), o en el título si no lo hay (fechas supuestas)
    ultimo = next((p for p in doc.paragraphs if p.style.name == "Subtitle"), None) or \
        next((p for p in doc.paragraphs if p.style.name == "Title"), None)
    # unas fechas supuestas (un periodo reconstruido) no se imprimen como hecho, tampoco en la portada; ni
    # una «fecha de corte» que las fuentes no dan como tal (el Quinto solo fecha el corte estatal)
    detalles = [] if not ctx.fechas_en_portada else [f"Periodo que se informa: {rango_fechas(r.inicio, r.fin)}"]
    ancla = ultimo._p if ultimo is not None else institucion._p
    for texto in reversed(detalles):
        p = doc.add_paragraph(texto, style="Portada")
        ancla.addnext(p._p)
    area = ctx.proceso.area
    if area:
        p = doc.add_paragraph(area, style="Portada")
        p.paragraph_format.space_before = Pt(60)
        despues = ancla
        for _ in detalles:
            despues = despues.getnext()
        despues.addnext(p._p)
    # el índice (o, sin índice, el cuerpo) empieza en la página siguiente
    sdt = cuerpo.find(qn("w:sdt"))
    if sdt is not None:
        encabezado = sdt.find(f".//{qn('w:p')}")
        ppr = encabezado.get_or_add_pPr()
        ppr.append(_w("pageBreakBefore"))
    else:
        fin_portada = ancla
        for _ in detalles + ([area] if area else []):
            fin_portada = fin_portada.getnext()
        salto = doc.add_paragraph()
        salto.add_run().add_break(WD_BREAK.PAGE)
        fin_portada.addnext(salto._p)


def _indice(doc) -> None:
    """El índice lleno desde ya con los títulos de nivel 1 y 2, cada uno con su vínculo."""
    from docx.oxml.ns import qn

    cuerpo = doc.element.body
    sdt = cuerpo.find(qn("w:sdt"))
    if sdt is None:
        return
    contenido = sdt.find(qn("w:sdtContent"))
    campo = next((p for p in contenido.findall(qn("w:p")) if p.find(f".//{qn('w:instrText')}") is not None), None)
    if campo is None:
        return
    entradas = _titulos_con_marcador(cuerpo)
    if not entradas:
        return
    instruccion = campo.find(f".//{qn('w:instrText')}").text
    estilos = {nivel: doc.styles[f"toc {nivel}"].style_id for nivel in (1, 2)}  # creados en _estilos
    for k, (nivel, texto, ancla) in enumerate(entradas):
        campo.addprevious(_entrada_del_indice(estilos[nivel], texto, ancla, instruccion, k == 0, k == len(entradas) - 1))
    contenido.remove(campo)


def _titulos_con_marcador(cuerpo) -> list[tuple[int, str, str]]:
    """(nivel, texto, marcador) de cada título de nivel 1 y 2: el marcador al que salta su entrada del índice,
    el que ya lo precede o uno nuevo."""
    from docx.oxml.ns import qn

    entradas = []
    for i, p in enumerate(cuerpo.iter(qn("w:p"))):
        estilo = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        nivel = {"Heading1": 1, "Heading2": 2}.get(estilo.get(qn("w:val")) if estilo is not None else "")
        if nivel is None:
            continue
        marca = p.getprevious()
        if marca is None or marca.tag != qn("w:bookmarkStart"):
            marca = _w("bookmarkStart", id=9000 + i, name=f"_Toc_informe_{i}")
            p.insert(0 if p.find(qn("w:pPr")) is None else 1, marca)
            p.append(_w("bookmarkEnd", id=9000 + i))
        texto = "".join(t.text or "" for t in p.iter(qn("w:t")))
        entradas.append((nivel, texto, marca.get(qn("w:name"))))
    return entradas


def _entrada_del_indice(estilo: str, texto: str, ancla: str, instruccion: str, primera: bool, ultima: bool):
    """El párrafo de una entrada: un vínculo a su título. Las entradas van dentro del campo TOC, que Word sabe
    actualizar: la primera lo abre (con su instrucción) y la última lo cierra."""
    from docx.oxml.ns import qn

    p = _w("p")
    ppr = _w("pPr")
    ppr.append(_w("pStyle", val=estilo))
    p.append(ppr)
    if primera:
        p.append(_run(None, _w("fldChar", fldCharType="begin", dirty="true")))
        instr = _w("instrText")
        instr.text = instruccion
        instr.set(qn("xml:space"), "preserve")
        p.append(_run(None, instr))
        p.append(_run(None, _w("fldChar", fldCharType="separate")))
    vinculo = _w("hyperlink", anchor=ancla, history="1")
    vinculo.append(_run(texto))
    p.append(vinculo)
    if ultima:
        p.append(_run(None, _w("fldChar", fldCharType="end")))
    return p


def _campo_simple(instruccion: str, resultado: str, tam_medio_puntos: int | None = None):
    """Un campo de Word (PAGE, SEQ…) con su resultado ya escrito: se ve aun antes de actualizar campos."""
    campo = _w("fldSimple", instr=f" {instruccion} ")
    run = _run(resultado)
    if tam_medio_puntos is not None:
        rpr = _w("rPr")
        rpr.append(_w("sz", val=str(tam_medio_puntos)))
        run.insert(0, rpr)
    campo.append(run)
    return campo


def _leyendas_numeradas(doc) -> None:
    """«Tabla 3.» → «Tabla {SEQ Tabla}.»: Word numera; el número ya escrito es el de la plantilla."""
    from docx.oxml.ns import qn

    cuentas: dict[str, int] = {}
    for p in doc.paragraphs:
        if p.style.name not in ("Table Caption", "Image Caption"):
            continue
        texto = p.text
        m = _LEYENDA.match(texto)
        if not m:
            continue
        for hijo in list(p._p):
            if hijo.tag != qn("w:pPr"):
                p._p.remove(hijo)
        # una figura del original que no se reproduce conserva su número (Gráfica 3 tras dos omitidas):
        # \r fija el número para que Word, al actualizar campos, no lo recorra
        numero = int(m[2])
        reinicio = f" \\r {numero}" if numero != cuentas.get(m[1], 0) + 1 else ""
        cuentas[m[1]] = numero
        p._p.append(_run(f"{m[1]} "))
        p._p.append(_campo_simple(f"SEQ {_SEQ[m[1]]} \\* ARABIC{reinicio}", m[2]))
        p._p.append(_run(texto[m.end() - 2:]))  # «. » y el resto del título


def _anexos_en_pagina_nueva(doc) -> None:
    """El cuerpo empieza después del índice, y cada anexo en página nueva."""
    primero = True
    for p in doc.paragraphs:
        if p.style.name == "Heading 1" and (primero or p.text.startswith("Anexo")):
            p.paragraph_format.page_break_before = True
            primero = False


def _formato_tabla(tabla) -> None:
    """Bordes, encabezado sombreado que se repite en cada página y la entidad en cada fila.

    Una fila no se parte entre páginas (`_filas_juntas`). La entidad se escribe en cada fila, en gris
    cuando repite la anterior: así una página que continúa una entidad empieza con su nombre.
    """
    tblPr = tabla._tbl.tblPr
    bordes = _w("tblBorders")
    for lado in ("top", "left", "bottom", "right", "insideH", "insideV"):
        bordes.append(_w(lado, val="single", sz="4", color="808080"))
    tblPr.append(bordes)
    filas = tabla.rows
    if not filas:
        return
    _celdas_en_letra_de_tabla(tabla)
    if len(tabla.columns) >= 8:
        # una tabla de cifras de muchas columnas (12 en la del VMRE): márgenes de celda menores para que
        # «10,028» quepa en su columna sin partirse (Word deja 0.19 cm por lado; aquí 0.07 cm)
        margenes = _w("tblCellMar")
        for lado in ("left", "right"):
            margenes.append(_w(lado, w="40", type="dxa"))
        tblPr.append(margenes)
    _encabezado_repetido(filas[0])
    if len(filas) > 1 and filas[0].cells[0].text.strip() == "Entidad":
        _entidad_repetida_en_gris(filas[1:])
    _filas_juntas(tabla)


# Lo mismo que plantillas/paginas.lua hace en el PDF. Una fila de más de RENGLONES_MAXIMOS renglones (estimados
# en letra de 9 pt con el ancho de cada columna) no cabría en una página con su encabezado: se deja partir.
RENGLONES_MAXIMOS = 40
FILAS_AL_EMPEZAR = 3  # filas del cuerpo que van con la leyenda y el encabezado al empezar la tabla
TABLA_CORTA = 4  # filas del cuerpo de una tabla que no se parte (una de cinco ya puede partirse tres y dos)
_ANCHO_TEXTO_PT = 470  # carta menos 2.5 cm por lado
# Después de `w:cantSplit` en `w:trPr` (el orden del esquema de OOXML)
_DESPUES_DE_CANTSPLIT = ("trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange")


def _renglones(fila, fracciones: list[float]) -> int:
    """Los renglones que ocuparía la fila, en su celda más alta."""
    from docx.oxml.ns import qn

    mayor = 0
    for celda, fraccion in zip(fila._tr.findall(qn("w:tc")), fracciones):
        por_renglon = max((fraccion * _ANCHO_TEXTO_PT - 11) / 4.2, 1)  # 4.2 pt: la letra media en 9 pt
        parrafos = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in celda.iter(qn("w:p"))]
        mayor = max(mayor, sum(-(-max(len(t), 1) // int(por_renglon)) for t in parrafos))
    return mayor


def _con_la_siguiente(fila) -> None:
    from docx.oxml.ns import qn

    for p in fila._tr.iter(qn("w:p")):
        p.get_or_add_pPr().keepNext_val = True


def _filas_juntas(tabla) -> None:
    """Ninguna fila se parte entre páginas (`w:cantSplit`; al partirse, la continuación dejaba vacía la celda
    de Entidad), salvo la que no cabría en una. Con «conservar con el siguiente» en sus párrafos, la leyenda
    va con el encabezado y las tres primeras filas (o con la tabla entera, si es corta) y la fila «Total» no
    empieza sola una página."""
    from docx.oxml.ns import qn

    anchos = [int(g.get(qn("w:w"), "0")) for g in tabla._tbl.tblGrid.findall(qn("w:gridCol"))]
    fracciones = [a / sum(anchos) for a in anchos] if sum(anchos) > 0 else [1 / len(anchos)] * len(anchos)
    filas = tabla.rows
    for fila in filas:
        if _renglones(fila, fracciones) <= RENGLONES_MAXIMOS:
            trpr = fila._tr.get_or_add_trPr()
            despues = next((e for e in trpr if e.tag.split("}")[-1] in _DESPUES_DE_CANTSPLIT), None)
            if despues is None:
                trpr.append(_w("cantSplit"))
            else:
                despues.addprevious(_w("cantSplit"))
    cuerpo = len(filas) - 1
    for fila in filas[:-1] if cuerpo <= TABLA_CORTA else filas[:FILAS_AL_EMPEZAR]:
        _con_la_siguiente(fila)
    if cuerpo >= 3 and filas[-1].cells[0].text.strip().startswith("Total"):
        _con_la_siguiente(filas[-2])


def _celdas_en_letra_de_tabla(tabla) -> None:
    """Los párrafos de una celda (una medida con sus puntos 1., 3.1, 5.) en letra de tabla, no de cuerpo."""
    from docx.oxml.ns import qn

    compacto = tabla.part.document.styles[TEXTO_DE_TABLA]
    for fila in tabla.rows:
        for celda in fila._tr.iter(qn("w:tc")):
            for p in celda.iter(qn("w:p")):
                ppr = p.get_or_add_pPr()
                estilo = ppr.find(qn("w:pStyle"))
                if estilo is None:
                    estilo = _w("pStyle")
                    ppr.insert(0, estilo)
                estilo.set(qn("w:val"), compacto.style_id)
                ppr.append(_w("spacing", after="60"))


def _encabezado_repetido(encabezado) -> None:
    """La fila de encabezado, sombreada y en negritas, se repite arriba de cada página."""
    from docx.oxml.ns import qn

    trpr = encabezado._tr.get_or_add_trPr()
    if trpr.find(qn("w:tblHeader")) is None:  # pandoc ya lo marca en las tablas con encabezado
        trpr.append(_w("tblHeader"))
    for celda in encabezado.cells:
        celda._tc.get_or_add_tcPr().append(_w("shd", val="clear", fill="D9D9D9"))
        for p in celda.paragraphs:
            for run in p.runs:
                run.bold = True


def _entidad_repetida_en_gris(filas) -> None:
    """La primera celda de cada fila, en gris cuando repite la entidad de la anterior."""
    from docx.oxml.ns import qn

    anterior = None
    for fila in filas:
        celda = fila._tr.find(qn("w:tc"))
        texto = "".join(t.text or "" for t in celda.iter(qn("w:t")))
        if texto and texto == anterior:
            for r in celda.iter(qn("w:r")):
                rpr = r.find(qn("w:rPr"))
                if rpr is None:
                    rpr = _w("rPr")
                    r.insert(0, rpr)
                rpr.append(_w("color", val=GRIS_REPETIDO))
        anterior = texto


# Dónde se puede partir una dirección: después de / . - ? (un espacio de ancho cero, invisible).
_SEPARADOR_URL = re.compile(r"([/.?-])(?=.)")


def _direcciones_en_el_texto(doc) -> None:
    """Un vínculo del texto (fuera de las tablas) cuyo texto no es su dirección la lleva después, entre
    paréntesis: la copia en papel no la pierde."""
    from docx.oxml.ns import qn

    relaciones = doc.part.rels
    for vinculo in list(doc.element.body.iter(qn("w:hyperlink"))):
        rid = vinculo.get(qn("r:id"))
        if rid not in relaciones or not relaciones[rid].is_external or \
                any(a.tag == qn("w:tc") for a in vinculo.iterancestors()):
            continue
        direccion = relaciones[rid].target_ref
        if "".join(t.text or "" for t in vinculo.iter(qn("w:t"))) != direccion:
            vinculo.addnext(_run(" (" + _SEPARADOR_URL.sub("\\1\u200b", direccion) + ")"))


def _direcciones_completas(tabla) -> dict[int, list[str]]:
    """Un vínculo de una tabla imprime su dirección completa (el texto del Markdown es el nombre del sitio):
    la copia en papel no la pierde. Se puede partir solo en sus separadores. Devuelve las direcciones de cada
    columna, para ensancharla (`_columnas_de_vinculos`)."""
    from docx.oxml.ns import qn

    relaciones = tabla.part.rels
    por_columna: dict[int, list[str]] = {}
    for vinculo in tabla._tbl.iter(qn("w:hyperlink")):
        rid = vinculo.get(qn("r:id"))
        if rid not in relaciones or not relaciones[rid].is_external:
            continue
        textos = list(vinculo.iter(qn("w:t")))
        if textos:
            textos[0].text = _SEPARADOR_URL.sub("\\1\u200b", relaciones[rid].target_ref)
            for t in textos[1:]:
                t.text = ""
        celda = next((a for a in vinculo.iterancestors() if a.tag == qn("w:tc")), None)
        if celda is not None:
            columna = celda.getparent().findall(qn("w:tc")).index(celda)
            por_columna.setdefault(columna, []).append(relaciones[rid].target_ref)
    return por_columna


# Anchos de Arial (los de Liberation Sans en el PDF), en milésimas de em, de informe/metricas.py: los
# caracteres de una dirección que mide plantillas/paginas.lua (letras, cifras y «/.-?=_&:%#~+»); otro, 600.
_ANCHOS = {c: metricas.NORMAL[ord(c) - metricas.PRIMERO]
           for c in string.ascii_letters + string.digits + "/.-?=_&:%#~+"}
LETRA_URL, LETRA_URL_MINIMA = 7.0, 6.0  # pt: la dirección en una celda, como en el PDF
_TRAMO_URL = re.compile(r"[^/.?-]*[/.?-]?")


def _ancho_pt(texto: str, letra: float) -> float:
    return sum(_ANCHOS.get(c, 600) for c in texto) * letra / 1000


def _minimos_de_columnas(tabla, por_columna: dict[int, list[str]]) -> list[float]:
    """Lo que pide cada columna (pt, con los márgenes de la celda): su palabra más ancha en letra de 9 pt
    (negritas en el encabezado) o el tramo más ancho de sus direcciones entre separadores, en 7 pt."""
    from docx.oxml.ns import qn

    pide: dict[int, float] = {}
    for i, fila in enumerate(tabla._tbl.findall(qn("w:tr"))):
        for j, celda in enumerate(fila.findall(qn("w:tc"))):
            if j in por_columna and i > 0:
                continue
            texto = " ".join(t.text or "" for t in celda.iter(qn("w:t")))
            palabras = [_ancho_pt(w, 9.0 * (1.08 if i == 0 else 1)) for w in texto.split()]
            pide[j] = max([pide.get(j, 0.0), *palabras])
    for j, urls in por_columna.items():
        tramos = [_ancho_pt(t, LETRA_URL) for u in urls for t in _TRAMO_URL.findall(u)]
        pide[j] = max([pide.get(j, 0.0), *tramos])
    return [pide.get(j, 0.0) + 11 for j in range(len(tabla._tbl.tblGrid.findall(qn("w:gridCol"))))]


def _columnas_de_vinculos(tabla, por_columna: dict[int, list[str]]) -> None:
    """Una columna de vínculos es tan ancha como el tramo más largo de sus direcciones (la dirección se parte
    solo en / . - ?), en letra de 7 pt; lo que falta se toma de las columnas con holgura sobre su palabra
    más ancha. Si no alcanza (un identificador de Facebook de 70 caracteres), las demás quedan en su mínimo
    y la letra de las direcciones baja hasta 6 pt; por debajo, Word parte el tramo donde ya no cabe."""
    from docx.oxml.ns import qn

    if not por_columna:
        return
    columnas = tabla._tbl.tblGrid.findall(qn("w:gridCol"))
    total = sum(int(c.get(qn("w:w"), "0")) for c in columnas)
    if total <= 0:
        return
    actuales = [int(c.get(qn("w:w"), "0")) / total for c in columnas]
    minimos = [m / _ANCHO_TEXTO_PT for m in _minimos_de_columnas(tabla, por_columna)]
    if sum(minimos) <= 1:
        nuevos, letra = _repartir(minimos, actuales), LETRA_URL
    else:
        nuevos, letra = _lo_que_queda_a_los_vinculos(minimos, set(por_columna))
    if nuevos:
        for columna, fraccion in zip(columnas, nuevos):
            columna.set(qn("w:w"), str(round(fraccion * total)))
        _letra_de_direcciones(tabla, letra)


def _repartir(minimos: list[float], actuales: list[float]) -> list[float]:
    """Cada columna al menos en su mínimo; lo que falta sale de las que tienen holgura, en proporción a ella."""
    faltan = sum(max(m - a, 0) for m, a in zip(minimos, actuales))
    holgura = sum(max(a - m, 0) for m, a in zip(minimos, actuales))
    return [a - faltan * (a - m) / holgura if a > m else m for m, a in zip(minimos, actuales)]


def _lo_que_queda_a_los_vinculos(minimos: list[float], vinculos: set[int]) -> tuple[list[float], float]:
    de_vinculos = sum(m for j, m in enumerate(minimos) if j in vinculos)
    queda = 1 - (sum(minimos) - de_vinculos)
    if queda <= 0:
        return [], LETRA_URL
    nuevos = [m * queda / de_vinculos if j in vinculos else m for j, m in enumerate(minimos)]
    return nuevos, max(LETRA_URL * queda / de_vinculos, LETRA_URL_MINIMA)


def _letra_de_direcciones(tabla, letra: float) -> None:
    from docx.oxml.ns import qn

    for vinculo in tabla._tbl.iter(qn("w:hyperlink")):
        for run in vinculo.iter(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            if rpr is None:
                rpr = _w("rPr")
                run.insert(0, rpr)
            for etiqueta in ("sz", "szCs"):
                rpr.append(_w(etiqueta, val=str(round(letra * 2))))


# En una celda angosta solo «de 2024» y las cifras con su palabra (lengua.juntas dice por qué).
_JUNTAS = juntas()
_JUNTAS_EN_CELDA = juntas(en_celda=True)


def _juntar(texto: str, patron: re.Pattern = _JUNTAS) -> str:
    return juntar(texto, patron)


def _fuente_con_su_figura(doc) -> None:
    """La línea «Fuente:» no empieza sola una página: la leyenda de su gráfica (o el último renglón de su
    tabla) pasa con ella. Word lo hace con «conservar con el siguiente» en el párrafo anterior."""
    from docx.oxml.ns import qn

    for p in list(doc.element.body.iter(qn("w:p"))):
        estilo = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if estilo is None or estilo.get(qn("w:val")) != "Fuente":
            continue
        anterior = p.getprevious()
        while anterior is not None and anterior.tag in (qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
            anterior = anterior.getprevious()  # el marcador de la figura (su ancla) no es un párrafo
        if anterior is not None and anterior.tag == qn("w:tbl"):  # los párrafos de su última fila
            filas = anterior.findall(qn("w:tr"))
            anteriores = list(filas[-1].iter(qn("w:p"))) if filas else []
        else:
            anteriores = [anterior] if anterior is not None and anterior.tag == qn("w:p") else []
        for q in anteriores:
            q.get_or_add_pPr().keepNext_val = True


# Los títulos y las leyendas no terminan con una palabra sola en su último renglón («2024”»)
_ESTILOS_SIN_PALABRA_SOLA = ("Heading1", "Heading2", "Heading3", "Heading4", "TableCaption", "ImageCaption")


def _ultimas_palabras_juntas(doc) -> None:
    """Las dos últimas palabras de un título o una leyenda de tres palabras o más van unidas por un espacio
    duro (como en el PDF)."""
    from docx.oxml.ns import qn

    for p in doc.element.body.iter(qn("w:p")):
        estilo = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if estilo is None or estilo.get(qn("w:val")) not in _ESTILOS_SIN_PALABRA_SOLA:
            continue
        textos = list(p.iter(qn("w:t")))
        texto = "".join(t.text or "" for t in textos)
        i = texto.rstrip().rfind(" ")
        if texto.rstrip().count(" ") < 2:  # «1. Presentación» no tiene con qué quedar sola
            continue
        junto, inicio = texto[:i] + "\u00a0" + texto[i + 1:], 0  # mismo largo: cada run recupera su tramo
        for t in textos:
            fin = inicio + len(t.text or "")
            t.text = junto[inicio:fin]
            inicio = fin


def _palabras_juntas(doc) -> None:
    """Las fechas y las cifras no se separan de sus palabras al final de una línea ni de una página («7 de
    mayo de | 2024»). La portada no se toca: sus líneas son cortas y van centradas."""
    from docx.oxml.ns import qn

    for p in doc.element.body.iter(qn("w:p")):
        estilo = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if estilo is not None and estilo.get(qn("w:val")) in ("Portada", "Title", "Subtitle"):
            continue
        # el párrafo entero, porque pandoc parte el texto en runs («**87** reuniones», un salto de línea del
        # Markdown como run « »); el cambio no altera el largo, así que cada run recupera su tramo
        textos = list(p.iter(qn("w:t")))
        en_celda = any(a.tag == qn("w:tc") for a in p.iterancestors())
        junto = _juntar("".join(t.text or "" for t in textos), _JUNTAS_EN_CELDA if en_celda else _JUNTAS)
        inicio = 0
        for t in textos:
            fin = inicio + len(t.text or "")
            t.text = junto[inicio:fin]
            inicio = fin


def _encabezado_y_pie(seccion, titulo_corto: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    seccion.different_first_page_header_footer = True  # la portada va sin encabezado ni pie
    encabezado = seccion.header.paragraphs[0]
    encabezado.text = titulo_corto
    encabezado.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in encabezado.runs:
        run.font.size = Pt(8)
    pie = seccion.footer.paragraphs[0]
    pie.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pie.add_run("Página ")
    pie._p.append(_campo_simple("PAGE", "1", 16))  # 8 pt, como el resto del pie
    pie.add_run(" de ")
    pie._p.append(_campo_simple("NUMPAGES", "1", 16))
    for run in pie.runs:
        run.font.size = Pt(8)


def _actualizar_al_abrir(doc) -> None:
    settings = doc.settings.element
    settings.append(_w("updateFields", val="true"))


def _idioma(doc) -> None:
    """es-MX en el documento (estilos por omisión) y en la letra del tema: el corrector y el lector de
    pantalla leen en español de México."""
    from docx.oxml.ns import qn

    rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = _w("lang")
            rpr.append(lang)
        lang.set(qn("w:val"), IDIOMA)
    tema = doc.settings.element.find(qn("w:themeFontLang"))
    if tema is not None:
        tema.set(qn("w:val"), IDIOMA)


def _propiedades(doc, ctx: Contexto, fecha) -> None:
    """Propiedades verdaderas: título, asunto, autor (el área) e idioma, con la fecha de corte; nada de lo
    que traía el documento de referencia de pandoc (83 palabras, versión 12, «Normal.dotm»), ni las
    variables internas con que pandoc llena sus propiedades personalizadas."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from xml.sax.saxutils import escape

    from .renderizar import asunto, autor

    props = doc.core_properties
    if not ctx.fechas_supuestas:
        props.created = props.modified = fecha
    else:
        # límites del periodo supuestos (periodo.yaml → fechas_supuestas): el DOCX, a diferencia del PDF/A,
        # no exige fecha, y una supuesta no se imprime ni aquí; tampoco la hora en que pandoc lo escribió
        for nombre in ("created", "modified"):
            for fecha_de_pandoc in props._element.findall(f"{{http://purl.org/dc/terms/}}{nombre}"):
                props._element.remove(fecha_de_pandoc)
    props.revision = 1
    # el formato de Word admite 255 caracteres por propiedad: un área larga en proceso.yaml no lo rompe
    props.author = props.last_modified_by = autor(ctx)[:250]
    props.title = " ".join(ctx.titulo.split())[:250]
    props.subject = asunto(ctx)[:250]
    props.language = IDIOMA
    paquete = doc.part.package
    for rid, rel in list(paquete.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            paquete.rels.pop(rid)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            empresa = ctx.proceso.institucion
            rel.target_part._blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                + (f"<Company>{escape(empresa)}</Company>" if empresa else "") + "</Properties>").encode("utf-8")


def _descripcion_de_imagenes(doc) -> None:
    """pandoc escribe en el `descr` de cada `pic:cNvPr` la ruta del archivo de la imagen
    (graficas-AAAA-MM/…png): una ruta interna de la herramienta que un lector de pantalla podría leer.
    Lleva el mismo texto alternativo que el `wp:docPr` de su dibujo."""
    from docx.oxml.ns import qn

    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    for dibujo in doc.element.body.iter(qn("w:drawing")):
        propiedades = next(dibujo.iter(qn("wp:docPr")), None)
        texto = propiedades.get("descr", "") if propiedades is not None else ""
        for nv in dibujo.iter(f"{{{pic}}}cNvPr"):
            nv.set("descr", texto)
            nv.set("name", propiedades.get("name", "") if propiedades is not None else "")


def dar_formato(ruta: Path, ctx: Contexto, fecha) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    doc = Document(str(ruta))
    _estilos(doc)
    _fuentes_explicitas(doc)
    _idioma(doc)
    _indice(doc)
    _portada(doc, ctx)
    _leyendas_numeradas(doc)
    _anexos_en_pagina_nueva(doc)
    _descripcion_de_imagenes(doc)
    for seccion in doc.sections:
        seccion.orientation = WD_ORIENT.PORTRAIT
        seccion.page_width, seccion.page_height = Cm(21.59), Cm(27.94)  # carta
        seccion.left_margin = seccion.right_margin = Cm(2.5)
        seccion.top_margin = seccion.bottom_margin = Cm(2.5)
        _encabezado_y_pie(seccion, ctx.titulo_corto)
    for tabla in doc.tables:
        _formato_tabla(tabla)
        _columnas_de_vinculos(tabla, _direcciones_completas(tabla))
    _direcciones_en_el_texto(doc)
    _fuente_con_su_figura(doc)
    _palabras_juntas(doc)
    _ultimas_palabras_juntas(doc)
    _actualizar_al_abrir(doc)
    _propiedades(doc, ctx, fecha)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
