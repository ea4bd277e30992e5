"""Los tres informes reales contra lo publicado: cifras, hechos, redacción honesta y nada interno."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import RAIZ, tabla_md, leer_md

DATOS = RAIZ / "datos"
QUINTO = (RAIZ / "tests" / "fixtures" / "quinto-informe.txt").read_text(encoding="utf-8")

# Cifras del Quinto informe publicado: (cómo las escribe la fuente, cómo las escribe el informe compilado).
CIFRAS_QUINTO = [
    ("14 de marzo al 23 de abril 2024", "del 14 de marzo al 23 de abril de 2024"),
    ("se han llevado a cabo cinco reuniones", "se llevaron a cabo\n5 reuniones"),
    ("hay un total de 31 JLE incorporadas", "hay un total de **31"),
    ("la JLE en Veracruz no se ha incorporado", "la JLE de Veracruz no se ha incorporado"),
    ("14 de marzo al 19 de abril de 2024", "Del 14 de marzo al 19 de abril de 2024"),
    ("participó en **87<sup>3</sup>** reuniones", "participó en **87**[^tardias] reuniones"),
    ("en **28** entidades federativas", "de **28** entidades federativas"),
    ("de **1 a 62 asistentes,**", "**de 1 a 62 asistentes**"),
    ("reunión celebrada el 14 de marzo por la JLE de Tamaulipas, misma que fue reportada el 29 de marzo",
     "reunión celebrada el 14 de marzo de 2024 por la JLE de Tamaulipas, reportada el 29 de marzo de 2024"),
    ("38.4% refieren a Inseguridad", "38.4% se refieren a\ninseguridad"),
    ("Otro 21.6% de los temas", "21.6% a la logística"),
    ("El 3.4% hace referencia a Problemas sociales", "3.4% a problemas sociales"),
    ("El 36.6% de los temas", "36.6% a otros asuntos"),
    ("se tomaron 87 acuerdos**, de los cuales **23** se reportan en estatus de planeación, **46** en proceso y **18** concluidos",
     "se tomaron **87 acuerdos**, de los cuales **23** se reportan en planeación, **46** en proceso y **18** concluidos"),
    ("de los **147 acuerdos** reportados en los informes anteriores (tomados entre el 12 de septiembre del 2023 al 15 de marzo de 2024), **50** se encuentran en **proceso**, **31** en **planeación** y **66** **concluidos**",
     "De los **147 acuerdos** reportados en los informes anteriores (tomados entre el 12 de septiembre de 2023 y el 15 de marzo de 2024),\n31 se encuentran en planeación, 50 en proceso y 66 concluidos"),
    ("**total de 310 solicitudes de medios de seguridad personal**", "un total de **310\nsolicitudes**"),
    ("293 han sido canalizadas a la SSPC mientras que las 17 solicitudes restantes",
     "De ellas, 293 se canalizaron a la Secretaría de\nSeguridad y Protección Ciudadana (SSPC) y 17 a los Organismos Públicos Locales"),
]
# Hechos del Quinto que el informe compilado debe contar (la fuente y el informe los escriben igual).
HECHOS_QUINTO = [
    "5 de diciembre de 2023", "26 de marzo", "2 de abril", "9 de abril", "16 de abril", "23 de abril",
    "Tercera reunión 2024", "Séptima reunión 2024", "INE/CE/JMFFM/032/2024", "INE/SE/715/2024",
    "27 de febrero de 2024", "900 personas", "1,709 personas", "28 de abril de 2024", "Campeche",
    "San Luis Potosí", "Chiapas y Zacatecas", "88 casillas", "Morelos", "Quintana Roo", "Hidalgo y Baja California",
    "Veracruz", "266 mesas regionales", "INE/CG876/2022", "14 de diciembre de 2022", "SUP-JRC-166/2021",
    "SUP-JRC-101/2022", "Programa Sectorial de Seguridad y Protección Ciudadana 2020-2024",
    "artículo 244, numeral 3", "artículo 46, numeral 1, incisos a) y p)", "Urnas y Tumbas",
    "DerechoInformacionSeguridadNacional.pdf", "Liliana Díaz de León Zapata",
]
NUMEROS_QUINTO = ["87", "28", "31", "62", "38.4%", "21.6%", "3.4%", "36.6%", "23", "46", "18", "147", "50", "66",
                  "310", "293", "17", "1,709", "900"]
# Palabras de la herramienta que nunca deben llegar a un documento de la institución.
INTERNAS = ["saldo_anterior", "supuestos", "periodo.yaml", "federal.yaml", "proceso.yaml", ".yaml", "datos/",
            "README", "informe importar", "informe recibir", "informe compilar", "jle/", "no_reportado",
            "publicado.", "corte_estatal", "custom-style", "Notas sobre los datos"]


@pytest.fixture(scope="module")
def reales(tmp_path_factory):
    from informe.compilar import compilar

    salida = tmp_path_factory.mktemp("reales")
    for pid in ("2024-04", "2024-05", "2024-06"):
        resultado = compilar(DATOS, pid, salida)
        assert not [p for p in resultado.problemas if p.severidad == "error"]
    return salida


def _texto_docx(ruta: Path) -> str:
    with zipfile.ZipFile(ruta) as z:
        partes = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
    return re.sub(r"<[^>]+>", "", "".join(partes))


def _texto_pdf(ruta: Path) -> str:
    from pypdf import PdfReader

    return "".join(p.extract_text() for p in PdfReader(str(ruta)).pages)


def _sin_espacios(texto: str) -> str:
    return re.sub(r"[\s\-‐\u200b]", "", texto)


def test_el_quinto_dice_lo_que_publico_el_quinto(reales):
    md = leer_md(reales / "informe-2024-04.md")
    # el renglón del Markdown no importa: una cifra y su palabra pueden quedar unidas en uno solo
    corrido = " ".join(md.split())
    for fuente, compilado in CIFRAS_QUINTO:
        assert fuente in QUINTO, fuente
        assert " ".join(compilado.split()) in corrido, compilado
    for hecho in HECHOS_QUINTO:
        assert hecho in " ".join(QUINTO.replace("Liliانا", "Liliana").split()), hecho
        assert hecho in corrido, hecho
    # «no reportado» solo donde las fuentes de verdad no lo dicen: en el Quinto, en ninguna parte
    assert "no reportado" not in md


@pytest.mark.parametrize("formato", ["docx", "pdf"])
def test_las_cifras_del_quinto_en_docx_y_pdf(reales, formato):
    texto = _texto_docx(reales / "informe-2024-04.docx") if formato == "docx" else _texto_pdf(reales / "informe-2024-04.pdf")
    plano = _sin_espacios(texto)
    for fuente, compilado in CIFRAS_QUINTO:
        plano_compilado = _sin_espacios(compilado.replace("*", "").replace("[^tardias]", ""))
        for numero in re.findall(r"\d[\d,.]*%?", compilado):
            assert numero in texto, (numero, compilado)
    for numero in NUMEROS_QUINTO:
        assert numero in texto
    assert _sin_espacios("participó en 87") in plano and _sin_espacios("de 1 a 62 asistentes") in plano
    assert _sin_espacios("De los 147 acuerdos reportados en los informes anteriores") in plano


@pytest.mark.parametrize("pid, anexo", [("2024-05", "Sexto Informe"), ("2024-06", "Séptimo y último informe")])
def test_sexto_y_septimo_son_su_anexo_publicado(reales, pid, anexo):
    """Del Sexto y del Séptimo solo se publicaron sus anexos: se compilan como tales, con su título, sin
    apartados de relleno, sin las fechas supuestas del periodo y sin afirmar nada de la historia."""
    md = leer_md(reales / f"informe-{pid}.md")
    docx = _texto_docx(reales / f"informe-{pid}.docx")
    pdf = _texto_pdf(reales / f"informe-{pid}.pdf")
    assert md.startswith(f'---\ntitle: "Anexo 1 del {anexo} que rinde la Secretaría Ejecutiva')
    for texto in (md, docx, pdf):
        for frase in ("no reportado", "no se reportó", "1. Presentación", "2. Antecedentes", "Periodo que se informa",
                      "Fecha de corte", "no se recibió una actualización", "Índice", "del 24 de abril al 23 de mayo",
                      "del 24 de mayo al 23 de junio"):
            assert frase not in texto, frase
    # solo la tabla del anexo (y en el Séptimo, la de reuniones): ningún apartado del cuerpo
    titulos = re.findall(r"^#+ (.+?) \{", md, flags=re.M)
    assert titulos == ([] if pid == "2024-05" else ["Reuniones 2024, Mesa de Seguridad Electoral “Jornada Electoral 2024”"])
    filas = tabla_md(md, "Acuerdos alcanzados por entidad")
    assert len(filas) == {"2024-05": 115, "2024-06": 92}[pid]


def test_septimo_lleva_la_tabla_de_reuniones_tal_como_se_publico(reales):
    md = leer_md(reales / "informe-2024-06.md")
    titulos = re.findall(r"^# (.+?) \{", md, flags=re.M)
    assert titulos == ["Reuniones 2024, Mesa de Seguridad Electoral “Jornada Electoral 2024”"]
    # la Octava en el orden de la fuente, con su fecha corregida marcada; la publicada, en la nota bajo la tabla
    filas = tabla_md(md, "Reuniones de la Mesa de Seguridad Electoral y puntos del INE")
    assert [(f[0], " ".join(f[1].split())) for f in filas[6:9]] == [
        ("Séptima", "23 de abril de 2024"), ("Octava", "30 de abril de 2024 *"), ("Novena", "7 de mayo de 2024")]
    assert len(filas) == 14
    assert "\\* Octava: fecha corregida; la fuente publicó 30 de marzo de 2024. Por su lugar" in md


@pytest.mark.parametrize("pid", ["2024-04", "2024-05", "2024-06"])
def test_nada_interno_en_los_informes_reales(reales, pid):
    textos = {"md": leer_md(reales / f"informe-{pid}.md"),
              "docx": _texto_docx(reales / f"informe-{pid}.docx"),
              "pdf": _texto_pdf(reales / f"informe-{pid}.pdf")}
    for formato, texto in textos.items():
        for palabra in INTERNAS:
            assert palabra not in texto, (formato, palabra)
    # las notas de captura van aparte, junto a las salidas
    notas = reales / f"informe-{pid}.notas.md"
    assert notas.is_file() and "## Supuestos" in notas.read_text(encoding="utf-8")
    assert "## Lo que el informe no incluye" in notas.read_text(encoding="utf-8")


@pytest.mark.parametrize("pid", ["2024-04", "2024-05", "2024-06"])
def test_la_primera_grafica_es_la_1(reales, pid):
    md = leer_md(reales / f"informe-{pid}.md")
    numeros = [int(n) for n in re.findall(r"Gráfica (\d+)\. ", md)]
    assert numeros == list(range(1, len(numeros) + 1)) and (numeros or pid != "2024-04")
    tablas = [int(n) for n in re.findall(r"^: Tabla (\d+)\. |Tabla (\d+)\. ", md, flags=re.M) for n in n if n]
    assert tablas[:1] == [1]


def test_docx_portada_indice_leyendas_y_fuentes(reales):
    from docx import Document
    from docx.oxml.ns import qn

    # el anexo del Séptimo: portada con su título y sin el periodo supuesto, sin índice
    anexo = Document(str(reales / "informe-2024-06.docx"))
    portada = [p.text for p in anexo.paragraphs][:4]
    assert portada[0] == "Instituto Nacional Electoral" and portada[1].startswith("Anexo 1 del Séptimo y último informe")
    assert not any(p.startswith(("Periodo que se informa", "Fecha de corte")) for p in portada)
    assert "Table of Contents" not in zipfile.ZipFile(reales / "informe-2024-06.docx").read("word/document.xml").decode()
    ruta = reales / "informe-2024-04.docx"
    doc = Document(str(ruta))
    xml = zipfile.ZipFile(ruta).read("word/document.xml").decode("utf-8")
    estilos = zipfile.ZipFile(ruta).read("word/styles.xml").decode("utf-8")
    # portada: institución, título y periodo antes del índice; sin encabezado en la primera página
    textos = [p.text for p in doc.paragraphs]
    assert textos[0] == "Instituto Nacional Electoral" and textos[1].startswith("Quinto Informe")
    assert "Periodo que se informa: del 14 de marzo al 23 de abril de 2024" in textos
    assert doc.sections[0].different_first_page_header_footer
    assert not "".join(p.text for p in doc.sections[0].first_page_header.paragraphs).strip()
    # índice lleno desde ya, con vínculos a cada título
    indice = xml[xml.index("Table of Contents"):xml.index("</w:sdt>")]
    for titulo in ("1. Presentación", "3.2 Mesas de Coordinación a nivel estatal",
                   "5. Solicitudes de seguridad de candidaturas"):
        assert f"<w:t xml:space=\"preserve\">{titulo}</w:t>" in indice
    assert indice.count("<w:hyperlink") >= 7 and 'w:instrText' in indice
    # leyendas numeradas con campos SEQ, con su número ya escrito
    assert re.search(r'w:instr=" SEQ Tabla \\\* ARABIC "><w:r><w:t xml:space="preserve">1</w:t>', xml)
    # la Gráfica 3 del original conserva su número (las 1 y 2 no se reproducen): Word no la recorre
    assert re.search(r'w:instr=" SEQ Grafica \\\* ARABIC \\r 3 "><w:r><w:t xml:space="preserve">3</w:t>', xml)
    assert "Fuente: Elaborada por la DEOE" in xml
    # fuentes explícitas: ningún estilo depende del tema
    assert "asciiTheme" not in estilos and "hAnsiTheme" not in estilos
    for nombre in ("Title", "Heading 1", "Heading 2", "Body Text", "Compact", "Texto de tabla", "Table Caption",
                   "Image Caption"):
        estilo = doc.styles[nombre].element
        fuentes = estilo.rPr.rFonts
        assert fuentes is not None and fuentes.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ascii") == "Arial", nombre
    # títulos pegados a lo que sigue
    assert doc.styles["Heading 2"].paragraph_format.keep_with_next
    # filas que no se parten (ninguna del anexo del Séptimo es más alta que una página; issue 32), encabezado
    # repetido y la entidad en cada fila
    anexo1 = next(t for t in anexo.tables if t.rows[0].cells[1].text == "Acuerdo")
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in anexo1.rows)
    assert "tblHeader" in anexo1._tbl.xml
    assert all(r.cells[0].text for r in anexo1.rows[1:])
    # las celdas en letra de tabla (9 pt); las listas compactas del cuerpo, que pandoc también marca
    # «Compact», en la letra del cuerpo
    from docx.shared import Pt

    assert anexo.styles["Texto de tabla"].font.size == Pt(9)
    assert anexo.styles["Compact"].font.size in (None, Pt(11))
    assert {p.style.name for c in anexo1.rows[1].cells for p in c.paragraphs} == {"Texto de tabla"}


def test_celdas_con_varios_parrafos_en_los_tres_formatos(reales):
    """La medida de Baja California con sus puntos (1. … 3.1 … 5.) y los puntos I., II., a) del Séptimo."""
    from docx import Document

    from conftest import tabla_md

    md = leer_md(reales / "informe-2024-04.md")
    filas = tabla_md(md, "Medidas adicionales de seguridad por entidad")
    medida = next(f[1] for f in filas if "3.4. Designación de Enlaces Operativos" in f[1])
    parrafos = medida.split("\n")
    assert "3.1. Protocolo para la Seguridad de los Candidatos de Elección Popular a cargos locales" in parrafos
    assert parrafos[-1] == "5. Lectura y aprobación de acuerdos"
    doc = Document(str(reales / "informe-2024-04.docx"))
    celdas = [c for t in doc.tables for r in t.rows for c in r.cells if "3.4. Designación" in c.text]
    assert celdas and "5. Lectura y aprobación de acuerdos" in [p.text for p in celdas[0].paragraphs]
    pdf = _texto_pdf(reales / "informe-2024-04.pdf")
    assert "3.4. Designación de Enlaces Operativos" in pdf
    septimo = Document(str(reales / "informe-2024-06.docx"))
    puntos = [p.text for t in septimo.tables for r in t.rows for c in r.cells[2:3] for p in c.paragraphs]
    assert "b) Guerrero" in puntos and "c) Michoacán" in puntos


def test_metadatos_del_pdf_en_texto_plano(reales):
    from pypdf import PdfReader

    titulo = PdfReader(str(reales / "informe-2024-06.pdf")).metadata.title
    assert titulo.startswith("Anexo 1 del Séptimo y último informe que rinde la Secretaría Ejecutiva")
    assert "\\" not in titulo and "\n" not in titulo and "#" not in titulo
