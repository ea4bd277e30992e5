"""Conversión del Markdown a DOCX (pandoc + python-docx) y a PDF (pandoc → Typst → `typst`).

Ambas salidas son deterministas: el DOCX se reempaqueta con fechas fijas en el
zip y en sus propiedades; el PDF lleva la fecha del corte del periodo y solo
usa las fuentes que trae el compilador de Typst (no las del sistema).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from .archivos import escribir_atomico
from .renderizar import FORMATO_PANDOC, PLANTILLAS_PAQUETE

FILTRO_INDICE = PLANTILLAS_PAQUETE / "quitar_indice.lua"
FILTRO_ENTIDADES = PLANTILLAS_PAQUETE / "combinar_entidades.lua"
PLANTILLA_TYPST = PLANTILLAS_PAQUETE / "informe.typ"
FUENTE = "Libertinus Serif"  # viene dentro del compilador de Typst: igual en cualquier máquina
FUENTE_DOCX = "Arial"
FECHA_ZIP = (1980, 1, 1, 0, 0, 0)


class ErrorDeConversion(Exception):
    pass


def _pandoc(markdown: str, formato: str, salida: Path | None, argumentos: list[str]) -> str:
    import pypandoc

    try:
        return pypandoc.convert_text(markdown, formato, format=FORMATO_PANDOC,
                                     outputfile=str(salida) if salida else None,
                                     extra_args=["--lua-filter", str(FILTRO_INDICE), *argumentos])
    except (RuntimeError, OSError) as e:
        raise ErrorDeConversion(f"pandoc no pudo convertir el Markdown a {formato}: {e}") from e


def _fecha(ctx: dict) -> datetime:
    fin = ctx["r"].fin
    return datetime(fin.year, fin.month, fin.day, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- DOCX

def a_docx(markdown: str, destino: Path, salida: Path, ctx: dict) -> None:
    with tempfile.TemporaryDirectory(dir=salida) as tmp:
        crudo = Path(tmp) / "pandoc.docx"
        _pandoc(markdown, "docx", crudo, ["--toc", "--toc-depth=2", f"--resource-path={salida}",
                                          "--metadata", "toc-title=Índice"])
        documento = _dar_formato(crudo, ctx)
        escribir_atomico(destino, _zip_determinista(documento))


def _dar_formato(ruta: Path, ctx: dict) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt, RGBColor

    doc = Document(str(ruta))
    estilos = doc.styles
    normal = estilos["Normal"]
    normal.font.name = FUENTE_DOCX
    normal.font.size = Pt(11)
    for nombre in ("Body Text", "First Paragraph", "Compact"):
        if nombre in [s.name for s in estilos]:
            estilos[nombre].font.name = FUENTE_DOCX
    nombres = [s.name for s in estilos]
    for nombre, tam in (("Title", 18), ("Subtitle", 13)):
        if nombre in nombres:
            estilos[nombre].font.name = FUENTE_DOCX
            estilos[nombre].font.size = Pt(tam)
    for nivel, tam in ((1, 14), (2, 12), (3, 11)):
        nombre = f"Heading {nivel}"
        if nombre in [s.name for s in estilos]:
            h = estilos[nombre]
            h.font.name = FUENTE_DOCX
            h.font.size = Pt(tam)
            h.font.bold = True
            h.font.color.rgb = RGBColor(0x4D, 0x1A, 0x4F)  # morado institucional sobrio
    for seccion in doc.sections:
        seccion.orientation = WD_ORIENT.PORTRAIT
        seccion.page_width, seccion.page_height = Cm(21.59), Cm(27.94)  # carta
        seccion.left_margin = seccion.right_margin = Cm(2.5)
        seccion.top_margin = seccion.bottom_margin = Cm(2.5)
        _encabezado_y_pie(seccion, ctx["titulo_corto"])
    for tabla in doc.tables:
        _formato_tabla(tabla)
    props = doc.core_properties
    fecha = _fecha(ctx).replace(tzinfo=None)
    props.created = props.modified = fecha
    props.last_printed = fecha
    props.revision = 1
    props.author = ctx["proceso"]["area"] or "DEOE"
    props.last_modified_by = props.author
    props.title = ctx["titulo"][:250]
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _campo(parrafo, instruccion: str) -> None:
    """Un campo de Word (PAGE, NUMPAGES) que Word calcula al abrir o imprimir."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for tipo, texto in (("begin", None), (None, instruccion), ("separate", None), (None, "1"), ("end", None)):
        run = parrafo.add_run()
        if tipo:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), tipo)
            run._r.append(fld)
        elif texto == instruccion:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruccion} "
            run._r.append(instr)
        else:
            run.text = texto


def _encabezado_y_pie(seccion, titulo_corto: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    encabezado = seccion.header.paragraphs[0]
    encabezado.text = titulo_corto
    encabezado.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in encabezado.runs:
        run.font.size = Pt(8)
    pie = seccion.footer.paragraphs[0]
    pie.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pie.add_run("Página ")
    _campo(pie, "PAGE")
    pie.add_run(" de ")
    _campo(pie, "NUMPAGES")
    for run in pie.runs:
        run.font.size = Pt(8)


def _formato_tabla(tabla) -> None:
    """Bordes, encabezado sombreado y repetido en cada página, filas que no se parten y entidad combinada."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tblPr = tabla._tbl.tblPr
    bordes = OxmlElement("w:tblBorders")
    for lado in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{lado}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), "4")
        b.set(qn("w:color"), "808080")
        bordes.append(b)
    tblPr.append(bordes)
    filas = tabla.rows
    for i, fila in enumerate(filas):
        trPr = fila._tr.get_or_add_trPr()
        trPr.append(OxmlElement("w:cantSplit"))
        if i == 0:
            trPr.append(OxmlElement("w:tblHeader"))  # python-docx no tiene API: se repite en cada página
            for celda in fila.cells:
                shd = OxmlElement("w:shd")
                shd.set(qn("w:val"), "clear")
                shd.set(qn("w:fill"), "D9D9D9")
                celda._tc.get_or_add_tcPr().append(shd)
                for p in celda.paragraphs:
                    for run in p.runs:
                        run.bold = True
    if len(filas) > 1 and filas[0].cells[0].text.strip() == "Entidad":
        _combinar_entidades(tabla)


def _combinar_entidades(tabla) -> None:
    """Como en los anexos originales: la celda de la entidad abarca todas sus filas."""
    filas = tabla.rows
    inicio = 1
    for i in range(2, len(filas) + 1):
        if i == len(filas) or filas[i].cells[0].text.strip():
            if i - 1 > inicio:
                superior = filas[inicio].cells[0]
                texto = superior.text
                combinada = superior.merge(filas[i - 1].cells[0])
                # merge() concatena los párrafos vacíos: se deja solo el nombre
                for p in combinada.paragraphs[1:]:
                    p._p.getparent().remove(p._p)
                if combinada.text != texto:  # pragma: no cover - salvaguarda
                    combinada.paragraphs[0].text = texto
            inicio = i


def _zip_determinista(contenido: bytes) -> bytes:
    """Mismo contenido, mismos bytes: fechas fijas y orden estable dentro del zip."""
    origen = zipfile.ZipFile(io.BytesIO(contenido))
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for info in origen.infolist():
            nuevo = zipfile.ZipInfo(info.filename, FECHA_ZIP)
            nuevo.compress_type = zipfile.ZIP_DEFLATED
            nuevo.external_attr = 0o644 << 16
            z.writestr(nuevo, origen.read(info.filename))
    return salida.getvalue()


# --------------------------------------------------------------------------- PDF

def markdown_a_typst(markdown: str, ctx: dict) -> str:
    """Primera mitad del PDF; no necesita las gráficas, así que corre mientras se dibujan."""
    fecha = _fecha(ctx)
    return _pandoc(markdown, "typst", None, [
        "--standalone", f"--template={PLANTILLA_TYPST}", "--toc", "--toc-depth=2",
        "--lua-filter", str(FILTRO_ENTIDADES),
        "--metadata", f"titulo-corto={ctx['titulo_corto']}",
        "--variable", f"anio={fecha.year}", "--variable", f"mes={fecha.month}", "--variable", f"dia={fecha.day}",
    ])


def typst_a_pdf(fuente_typst: str, destino: Path, salida: Path, ctx: dict) -> None:
    import typst

    fecha = _fecha(ctx)
    # El .typ se escribe junto al Markdown para que las rutas relativas de las gráficas resuelvan.
    fd, nombre = tempfile.mkstemp(prefix=".informe-", suffix=".typ", dir=salida)
    archivo = Path(nombre)
    try:
        with open(fd, "w", encoding="utf-8") as f:
            f.write(fuente_typst)
        pdf = typst.compile(str(archivo), root=str(salida.resolve()), font_paths=[], ignore_system_fonts=True,
                            timestamp=int(fecha.timestamp()))
    except Exception as e:  # typst levanta su propio tipo de error con el diagnóstico
        raise ErrorDeConversion(f"Typst no pudo componer el PDF: {e}") from e
    finally:
        archivo.unlink(missing_ok=True)
    escribir_atomico(destino, pdf)
