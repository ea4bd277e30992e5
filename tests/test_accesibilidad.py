"""Informes accesibles y de archivo: PDF/A-2a + PDF/UA-1 y un DOCX que un lector de pantalla puede usar.

Se compilan el demo y un informe de cada familia con sus datos publicados, y se revisan con
tests/accesible.py (pypdf y el XML del DOCX) y con `pdfua` (el subconjunto comprobable de PDF/UA-1).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import accesible
from conftest import DEMO, RAIZ, escribir

CASOS = {  # nombre → (carpeta de datos, periodo)
    "demo": (DEMO, "2024-03"),
    # el Quinto: el informe real completo, con gráfica (el Sexto y el Séptimo se compilan como su anexo)
    "seguridad": (RAIZ / "datos", "2024-04"),
    "vmre": (RAIZ / "datos" / "vmre", "2023-12"),
}


@pytest.fixture(scope="module")
def compilados(tmp_path_factory):
    from informe.compilar import compilar

    salida = {}
    for nombre, (datos, periodo) in CASOS.items():
        carpeta = tmp_path_factory.mktemp(nombre)
        resultado = compilar(datos, periodo, carpeta)
        assert [p.suffix for p in resultado.escritos] == [".md", ".docx", ".pdf"]
        salida[nombre] = (carpeta, periodo, resultado.resumen)
    return salida


def _datos_del_informe(carpeta: Path, periodo: str) -> tuple[str, str, list[str], list[str]]:
    """(título, Markdown, títulos del índice, textos alternativos de las gráficas en orden)."""
    from pypdf import PdfReader

    markdown = (carpeta / f"informe-{periodo}.md").read_text(encoding="utf-8")
    titulo = PdfReader(str(carpeta / f"informe-{periodo}.pdf")).metadata["/Title"]
    alternativos = [re.sub(r"\\(.)", r"\1", a) for a in re.findall(r'\balt="((?:[^"\\]|\\.)*)"', markdown)]
    return titulo, markdown, accesible.titulos_del_indice(markdown), [a.replace("&amp;", "&") for a in alternativos]


@pytest.mark.parametrize("caso", list(CASOS))
def test_pdf_es_pdfa_2a_y_pdfua_1(compilados, caso):
    carpeta, periodo, _ = compilados[caso]
    titulo, _, indice, alternativos = _datos_del_informe(carpeta, periodo)
    # el VMRE no tiene gráficas (el publicado no las tiene): nada que describir
    assert indice and (alternativos or caso == "vmre")
    assert accesible.revisar_pdf(carpeta / f"informe-{periodo}.pdf", titulo, indice) == []


@pytest.mark.parametrize("caso", list(CASOS))
def test_pdfua_no_encuentra_nada(compilados, caso):
    """Un revisor independiente (pdfua, sobre pikepdf): estructura, idioma, /Alt, tablas, título, XMP."""
    from pdfua import validate

    carpeta, periodo, _ = compilados[caso]
    reporte = validate(str(carpeta / f"informe-{periodo}.pdf"))
    assert [(f.rule_id, f.message) for f in reporte.findings] == []
    assert reporte.exit_code == 0


@pytest.mark.parametrize("caso", list(CASOS))
def test_cada_figura_del_pdf_dice_sus_cifras_y_el_docx_dice_lo_mismo(compilados, caso):
    from pypdf import PdfReader

    carpeta, periodo, _ = compilados[caso]
    titulo, _, _, alternativos = _datos_del_informe(carpeta, periodo)
    figuras = [e for e in accesible.estructura(PdfReader(str(carpeta / f"informe-{periodo}.pdf")))
               if e["/S"] == "/Figure"]
    assert [str(f["/Alt"]) for f in figuras] == alternativos
    datos, _ = CASOS[caso]
    autor = re.search(r"^area:\s*(.+)$", (datos / "proceso.yaml").read_text(encoding="utf-8"), re.M)[1].strip()
    fecha = compilados[caso][2].fin.isoformat()
    assert accesible.revisar_docx(carpeta / f"informe-{periodo}.docx", titulo, autor, fecha, alternativos) == []


def test_texto_alternativo_de_las_graficas_del_demo(compilados):
    """Las cifras que dibuja cada gráfica, en su texto alternativo: las del resumen, no otras."""
    carpeta, periodo, r = compilados["demo"]
    _, _, _, alternativos = _datos_del_informe(carpeta, periodo)
    estatus = r.acuerdos["por_estatus"]
    total = sum(v for v in estatus.values() if v)
    esperado = (f"Gráfica de barras: estatus de {total} acuerdos; "
                + "; ".join(f"{k} {v}" for k, v in estatus.items() if v or k != "Sin estatus") + ".")
    assert esperado in alternativos
    assert esperado == ("Gráfica de barras: estatus de 114 acuerdos; Planeación 41; En proceso 51; Concluido 21; "
                        "Sin estatus 1.")
    modalidad = next(a for a in alternativos if a.startswith("Gráfica de barras apiladas"))
    for entidad, conteo in r.reuniones["por_entidad"].items():
        assert f"{entidad} {sum(conteo.values())}" in modalidad
    instalacion = next(a for a in alternativos if a.startswith("Línea de tiempo"))
    assert f"de {len(r.mesas['fechas'])} mesas estatales" in instalacion


def test_el_vmre_no_dibuja_graficas_que_el_publicado_no_tiene(compilados):
    carpeta, periodo, _ = compilados["vmre"]
    _, _, _, alternativos = _datos_del_informe(carpeta, periodo)
    assert alternativos == []
    texto = (carpeta / f"informe-{periodo}.md").read_text(encoding="utf-8")
    assert "Gráfica" not in texto and "Fuente:" not in texto


def test_docx_titulos_e_indice_en_el_color_de_la_institucion(compilados):
    from docx import Document

    from informe.docx_formato import MORADO

    carpeta, periodo, _ = compilados["demo"]
    doc = Document(str(carpeta / f"informe-{periodo}.docx"))
    for nivel in range(1, 10):
        assert str(doc.styles[f"Heading {nivel}"].font.color.rgb) == MORADO
    indice = doc.styles["TOC Heading"]
    assert str(indice.font.color.rgb) == MORADO and indice.base_style.name == "Heading 1"
    assert indice.element.rPr.find(f"{accesible.W}color").get(f"{accesible.W}themeColor") is None
    cuerpo = doc.element.body
    encabezado = cuerpo.find(f".//{accesible.W}sdt//{accesible.W}pStyle")
    assert encabezado.get(f"{accesible.W}val") == indice.style_id


def test_contraste_wcag():
    assert accesible.contraste((0, 0, 0)) == pytest.approx(21)
    assert accesible.contraste(accesible.de_hex("767676")) == pytest.approx(4.54, abs=0.01)
    assert accesible.contraste(accesible.de_hex("8C8C8C")) < 4.5  # el gris de antes
    from informe.docx_formato import AZUL_VINCULO, GRIS_REPETIDO, MORADO

    for color in (GRIS_REPETIDO, MORADO, AZUL_VINCULO):
        assert accesible.contraste(accesible.de_hex(color)) >= accesible.CONTRASTE_AA


def test_el_filtro_de_typst_escribe_el_texto_alternativo():
    import pypandoc

    from informe.convertir import FILTRO_ALT

    fuente = ('![Gráfica 1. Título](g.png){#fig-g alt="Gráfica de barras: \\"A\\" 1; B\\\\C 2"}\n\n'
              'En línea ![Mapa de sedes](m.png){width=30%} y $1.5 millones$.\n')
    typst = pypandoc.convert_text(fuente, "typst", format="markdown-smart", extra_args=["--lua-filter", str(FILTRO_ALT)])
    assert '#image("g.png", alt: "Gráfica de barras: \\"A\\" 1; B\\\\C 2")' in typst
    assert '#box(image("m.png", width: 30%, alt: "Mapa de sedes"))' in typst
    assert '#set math.equation(alt: "1.5 millones")' in typst


def test_atributo_se_lee_literal():
    import pypandoc

    from informe.renderizar import atributo

    valor = 'Gráfica: "A" \\ B &amp; C <b> {x} *y*\x1b'
    md = f"![t](g.png){{alt={atributo(valor)}}}\n"
    nativo = pypandoc.convert_text(md, "json", format="markdown-smart")
    import json

    imagen = json.loads(nativo)["blocks"][0]["c"][2][0]["c"][0]
    texto = "".join(x.get("c", " ") if x["t"] == "Str" else " " for x in imagen["c"][1])
    assert texto == 'Gráfica: "A" \\ B &amp; C <b> {x} *y*'


@pytest.mark.parametrize("fuente, esperado", [
    ("![](mapa.png)", [(1, 1)]),
    ("Texto.\n\nVer ![ ](mapa.png) aquí.", [(3, 5)]),
    ("![Mapa: 32 sedes](mapa.png)", []),
    ('![](mapa.png){alt="Mapa: 32 sedes"}', []),
    ('![](mapa.png){width=50% alt="Mapa"}', []),
    ('![](mapa.png){alt=""}', [(1, 1)]),
    ("\\![](no-es-imagen.png)", []),
    ("```\n![](codigo.png)\n```", []),
])
def test_imagen_sin_texto_alternativo(tmp_path, fuente, esperado):
    from informe.textos import Texto, revisar

    (tmp_path / "mapa.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    problemas = revisar(Texto("temas", "temas.md", fuente, tmp_path, tmp_path))
    assert [(p.linea, p.columna) for p in problemas if p.codigo == "texto-imagen-sin-alt"] == esperado


def test_validar_reporta_una_imagen_sin_texto_alternativo(correr_json, tmp_path):
    import shutil

    datos = tmp_path / "demo"
    shutil.copytree(DEMO, datos)
    escribir(datos / "2024-03" / "textos" / "temas.md", "Los temas del periodo.\n\n![](mapa.png)\n")
    codigo, salida = correr_json("validar", datos / "2024-03", "--datos", datos, "--formato", "json")
    problemas = [p for p in salida["problemas"] if p["codigo"] == "texto-imagen-sin-alt"]
    assert codigo == 1
    assert [(p["archivo"].endswith("temas.md"), p["linea"], p["columna"], p["severidad"]) for p in problemas] == \
        [(True, 3, 1, "error")]
    assert "corchetes" in problemas[0]["sugerencia"]


def test_un_titulo_del_analista_que_salta_de_nivel_no_rompe_el_pdf(tmp_path):
    """«###» bajo un título de nivel 1 saltaría el 2: PDF/UA-1 no lo admite. Baja a nivel 2 en PDF y DOCX,
    entra al índice y a los marcadores; un «###» bajo uno de nivel 2 queda en 3, fuera de los dos."""
    import shutil

    from informe.compilar import compilar

    datos = tmp_path / "demo"
    shutil.copytree(DEMO, datos)
    escribir(datos / "2024-03" / "textos" / "reuniones.md", "Texto.\n\n### Detalle por entidad\n\nMás.\n")
    escribir(datos / "2024-03" / "textos" / "federal.md", "Texto.\n\n### Subtema federal\n\nMás.\n")
    compilar(datos, "2024-03", tmp_path / "salida", ("docx", "pdf"))
    pdf, docx = tmp_path / "salida" / "informe-2024-03.pdf", tmp_path / "salida" / "informe-2024-03.docx"
    indice = accesible.indice_docx(docx)
    assert indice[2:5] == ["3. Reuniones de las mesas de coordinación", "Detalle por entidad",
                           "3.1 Mesa de Coordinación a nivel federal"]
    assert "Subtema federal" not in indice
    assert accesible.marcadores(pdf) == indice
    from docx import Document

    # las dos últimas palabras de un título van unidas por un espacio duro (tests/test_maqueta.py)
    estilos = {p.text.replace("\u00a0", " "): p.style.name for p in Document(str(docx)).paragraphs}
    assert estilos["Detalle por entidad"] == "Heading 2" and estilos["Subtema federal"] == "Heading 3"


def test_la_imagen_del_analista_lleva_su_texto_alternativo_en_pdf_y_docx(tmp_path):
    import io
    import shutil
    import zipfile

    from PIL import Image
    from pypdf import PdfReader

    from informe.compilar import compilar

    datos = tmp_path / "demo"
    shutil.copytree(DEMO, datos)
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(png, format="PNG")
    escribir(datos / "2024-03" / "textos" / "mapa.png", png.getvalue())
    escribir(datos / "2024-03" / "textos" / "temas.md",
             "Las sedes del periodo.\n\n![Mapa: 3 sedes instaladas](mapa.png)\n\nY en línea ![Sello](mapa.png) aquí.\n")
    compilar(datos, "2024-03", tmp_path / "salida", ("docx", "pdf"))
    pdf = tmp_path / "salida" / "informe-2024-03.pdf"
    alternativos = [str(e["/Alt"]) for e in accesible.estructura(PdfReader(str(pdf))) if e["/S"] == "/Figure"]
    assert "Mapa: 3 sedes instaladas" in alternativos and "Sello" in alternativos
    with zipfile.ZipFile(tmp_path / "salida" / "informe-2024-03.docx") as z:
        documento = z.read("word/document.xml").decode("utf-8")
    assert 'descr="Mapa: 3 sedes instaladas"' in documento and 'descr="Sello"' in documento
