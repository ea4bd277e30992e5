"""Nada falso (issue 32): el informe dice lo que la fuente publicó y nada más, y la redacción del analista no
deja cifras viejas. Cada mecanismo con un fixture pequeño."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import RAIZ, escribir, leer_md, tabla_md

DATOS = RAIZ / "datos"


# --------------------------------------------------------------------------- cifras escritas en los textos

def test_cifra_literal_igual_advierte_y_distinta_junto_a_su_nombre_es_error():
    from informe.cifras_texto import revisar

    cifras = {"r.reuniones.total": 87, "r.acuerdos.total": 87, "r.acuerdos_anteriores.total": 147,
              "r.temas.porcentajes.inseguridad": 38.4}
    nombres = {"reuniones": ("r.reuniones.total",), "acuerdos": ("r.acuerdos.total", "r.acuerdos_anteriores.total")}
    fuente = ("Las mesas estatales tuvieron 88 reuniones.\n"
              "De los 147 acuerdos anteriores, y de los {{ r.acuerdos.total }} del periodo,\n"
              "el 38.4% trató de inseguridad; el artículo 87 y el 87 de marzo no son cifras, ni 2024.\n")
    problemas = list(revisar("temas.md", fuente, cifras, nombres))
    assert [(p.codigo, p.severidad, p.linea, p.columna) for p in problemas] == [
        ("texto-cifra-distinta", "error", 1, 30),
        ("texto-cifra-literal", "advertencia", 2, 8),
        ("texto-cifra-literal", "advertencia", 3, 4)]
    assert problemas[0].mensaje == "El texto dice «88 reuniones» y los datos del periodo dan 87 (r.reuniones.total)."
    assert problemas[0].sugerencia == "Cite la cifra en lugar de escribirla: {{ r.reuniones.total }}."
    # la igual nombra la cifra que podría citar (de las dos que «acuerdos» puede ser, la que es)
    assert "(r.acuerdos_anteriores.total)" in problemas[1].mensaje
    assert problemas[1].sugerencia == "Cítela en lugar de escribirla: {{ r.acuerdos_anteriores.total }}."
    assert "{{ r.temas.porcentajes.inseguridad }}" in problemas[2].sugerencia


def test_un_entero_chico_sin_nombre_no_se_advierte_y_con_nombre_si():
    from informe.cifras_texto import revisar

    cifras = {"r.federal | length": 5, "r.medidas.por_entidad.Sonora": 5}
    problemas = list(revisar("t.md", "Hubo 5 sesiones.\nHubo 6 reuniones federales.\n", cifras,
                             {"reuniones": ("r.federal | length",)}))
    assert [(p.codigo, p.linea, p.columna) for p in problemas] == [("texto-cifra-distinta", 2, 6)]


@pytest.fixture
def quinto(tmp_path):
    """Los datos del Quinto (2024-04) con sus textos fijos: cifras publicadas de 87 reuniones y 87 acuerdos."""
    destino = tmp_path / "datos"
    shutil.copytree(DATOS / "2024-04", destino / "2024-04")
    shutil.copytree(DATOS / "textos", destino / "textos")
    shutil.copy(DATOS / "proceso.yaml", destino / "proceso.yaml")
    return destino


def test_validar_nombra_la_cifra_y_da_linea_y_columna(correr_json, quinto):
    escribir(quinto / "2024-04" / "textos" / "temas.md",
             "En el periodo hubo 88 reuniones de las mesas estatales.\n\nSe tomaron 87 acuerdos.\n")
    codigo, j = correr_json("validar", quinto / "2024-04", "--datos", quinto, "--formato", "json")
    assert codigo == 1
    propios = [(p["archivo"].split("datos/")[-1], p["linea"], p["columna"], p["codigo"], p["severidad"])
               for p in j["problemas"] if p["codigo"].startswith("texto-cifra")]
    assert propios == [("2024-04/textos/temas.md", 1, 20, "texto-cifra-distinta", "error"),
                       ("2024-04/textos/temas.md", 3, 12, "texto-cifra-literal", "advertencia")]
    distinta, igual = (p for p in j["problemas"] if p["codigo"].startswith("texto-cifra"))
    assert "«88 reuniones»" in distinta["mensaje"] and "87 (r.reuniones.total)" in distinta["mensaje"]
    assert "r.acuerdos.total" in igual["mensaje"]
    # «87 acuerdos»: de las dos cifras que valen 87, la que su nombre dice
    assert igual["sugerencia"] == "Cítela en lugar de escribirla: {{ r.acuerdos.total }}."


def test_los_textos_reales_no_escriben_cifras_del_periodo(correr_json):
    codigo, j = correr_json("validar", DATOS, "--datos", DATOS, "--formato", "json")
    assert codigo == 0
    assert [p for p in j["problemas"] if p["codigo"].startswith("texto-cifra")] == []


# --------------------------------------------------------------------------- valores publicados tal cual

@pytest.fixture
def anexo(tmp_path):
    """Un anexo publicado (origen: anexos) con una celda de estatus en blanco y una palabra fuera del
    catálogo («Se informa»)."""
    datos = tmp_path / "datos"
    escribir(datos / "proceso.yaml", "nombre: Proceso Electoral 2023-2024\ninstitucion: Instituto Nacional Electoral\n"
                                     "area: Dirección Ejecutiva de Organización Electoral\n")
    shutil.copy(DATOS / "2024-05" / "periodo.yaml", escribir(datos / "2024-05" / "periodo.yaml", ""))
    escribir(datos / "2024-05" / "jle" / "michoacan.yaml", (
        "entidad: Michoacán\nperiodo: 2024-05\nacuerdos:\n"
        "  - descripcion: \"Presencia y patrullaje de la Guardia Nacional.\"\n"
        "  - descripcion: \"Informar de la solicitud de seguridad de un aspirante.\"\n"
        "    estatus_publicado: \"Se informa\"\n"
        "  - descripcion: \"Remitir el archivo de casillas.\"\n    estatus: Concluido\n"))
    return datos


def test_celda_en_blanco_y_palabra_fuera_del_catalogo_se_imprimen_como_se_publicaron(correr, anexo, tmp_path):
    from docx import Document
    from pypdf import PdfReader

    salida = tmp_path / "salida"
    codigo, _, error = correr("compilar", "-p", "2024-05", "-d", anexo, "-o", salida)
    assert codigo == 0, error
    md = (salida / "informe-2024-05.md").read_text(encoding="utf-8")
    filas = tabla_md(md, "Acuerdos alcanzados por entidad")
    assert [f[2] for f in filas] == ["", "Se informa", "Concluido"]
    assert "Sin estatus" not in md
    doc = Document(str(salida / "informe-2024-05.docx"))
    (tabla,) = [t for t in doc.tables if t.rows[0].cells[1].text == "Acuerdo"]
    assert [r.cells[2].text for r in tabla.rows[1:]] == ["", "Se informa", "Concluido"]
    pdf = " ".join(p.extract_text() for p in PdfReader(str(salida / "informe-2024-05.pdf")).pages)
    assert "Se informa" in pdf and "Sin estatus" not in pdf
    # la lectura va a las notas de captura
    notas = (salida / "informe-2024-05.notas.md").read_text(encoding="utf-8")
    assert "Michoacán: 1 fila de acuerdos con el estatus en blanco, como en la fuente; las cifras las cuentan " \
           "«Sin estatus»." in notas
    assert "la fuente escribe «Se informa» como estatus" in notas


def test_fechas_supuestas_no_llegan_a_las_propiedades_del_documento(correr, anexo, tmp_path):
    """El Sexto y el Séptimo no publican los límites de su periodo (`fechas_supuestas`): ni el asunto del
    PDF y del DOCX ni la descripción del HTML los dicen, aunque periodo.yaml los suponga."""
    import zipfile

    from pypdf import PdfReader

    salida = tmp_path / "salida"
    codigo, _, error = correr("compilar", "-p", "2024-05", "-d", anexo, "-o", salida, "-f", "docx", "-f", "pdf",
                              "-f", "html")
    assert codigo == 0, error
    core = zipfile.ZipFile(salida / "informe-2024-05.docx").read("docProps/core.xml").decode("utf-8")
    asunto_docx = re.search(r"<dc:subject>([^<]*)</dc:subject>", core).group(1)
    asunto_pdf = PdfReader(str(salida / "informe-2024-05.pdf")).metadata.subject
    html = (salida / "informe-2024-05.html").read_text(encoding="utf-8")
    descripcion = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    for asunto in (asunto_docx, asunto_pdf, descripcion):
        assert asunto.startswith("Anexo 1 del Sexto Informe"), asunto
        assert "Periodo" not in asunto and "abril" not in asunto and "23 de mayo" not in asunto, asunto
    # ni las fechas del DOCX (el PDF/A exige una: docs/periodos.md)
    assert "dcterms:created" not in core and "dcterms:modified" not in core, core
    codigo, _, error = correr("compilar", "-p", "2024-04", "-d", DATOS, "-o", tmp_path / "quinto", "-f", "docx")
    assert codigo == 0, error
    core = zipfile.ZipFile(tmp_path / "quinto" / "informe-2024-04.docx").read("docProps/core.xml").decode("utf-8")
    assert re.search(r"<dcterms:created [^>]*>2024-04-23T00:00:00Z</dcterms:created>", core), core


def test_la_correccion_de_una_fecha_publicada_va_en_una_nota_junto_a_su_valor(correr, tmp_path):
    codigo, _, error = correr("compilar", "-p", "2024-06", "-d", DATOS, "-o", tmp_path, "-f", "md")
    assert codigo == 0, error
    md = leer_md(tmp_path / "informe-2024-06.md")
    filas = tabla_md(md, "Reuniones de la Mesa de Seguridad Electoral y puntos del INE")
    octava = next(f for f in filas if f[0] == "Octava")
    assert " ".join(octava[1].split()) == "30 de abril de 2024 *"
    nota = md[md.index("\\* Octava"):].split("\n")[0]
    assert nota.startswith("\\* Octava: fecha corregida; la fuente publicó 30 de marzo de 2024.")


# --------------------------------------------------------------------------- lo que la plantilla agrega

def test_sin_fuente_declarada_no_hay_linea_de_fuente_ni_grafica(correr, tmp_path):
    codigo, _, error = correr("compilar", "--datos", DATOS / "vmre", "--periodo", "2023-12", "-o", tmp_path,
                              "-f", "md")
    assert codigo == 0, error
    md = (tmp_path / "informe-2023-12.md").read_text(encoding="utf-8")
    assert "Fuente:" not in md and "::: fuente" not in md and "![" not in md
    # encabezados con palabras, nunca el nombre de un campo
    assert "ME_GUSTA" not in md and "«Me gusta»" in md
    # ni la captura en el cuerpo: va a las notas
    assert "no se conservó" not in md and "Total (todas las solicitudes)" not in md
    notas = (tmp_path / "informe-2023-12.notas.md").read_text(encoding="utf-8")
    assert "no conserva el desglose por entidad" in notas


def test_figura_no_reproducida_se_nombra_y_conserva_la_numeracion(correr, tmp_path):
    codigo, _, error = correr("compilar", "-p", "2024-04", "-d", DATOS, "-o", tmp_path, "-f", "md")
    assert codigo == 0, error
    md = (tmp_path / "informe-2024-04.md").read_text(encoding="utf-8")
    assert "*Gráfica 1. Relación entre número de asistentes y reuniones.* El informe publicado presenta aquí" in md
    assert "Gráfica 3. Estatus de los acuerdos alcanzados en el periodo" in md
    assert "Se informa" in tabla_md(md, "Medidas adicionales")[-2][2]


# --------------------------------------------------------------------------- el papel

def test_una_direccion_en_nota_al_pie_se_parte_solo_en_sus_separadores(correr, quinto, tmp_path):
    from pypdf import PdfReader

    direccion = ("https://www.oas.org/es/cidh/expresion/informes/derecho-a-la-informacion/seguridad-nacional/"
                 "anexos/DerechoInformacionSeguridadNacional.pdf?version=2024&idioma=es")
    escribir(quinto / "2024-04" / "textos" / "reuniones.md",
             f"Véase [el informe de la CIDH](https://www.oas.org/es/cidh).[^n]\n\n[^n]: Consultable en: <{direccion}>\n")
    codigo, _, error = correr("compilar", "-p", "2024-04", "-d", quinto, "-o", tmp_path / "s")
    assert codigo == 0, error
    texto = "\n".join(p.extract_text() for p in PdfReader(str(tmp_path / "s" / "informe-2024-04.pdf")).pages)
    # un vínculo del texto lleva su dirección en el papel, en PDF y en DOCX
    from docx import Document

    limpio = " ".join(texto.replace("\u200b", "").split())
    assert "Véase el informe de la CIDH (https://www.oas.org/es/cidh)." in limpio
    parrafos = [p.text.replace("\u200b", "") for p in Document(str(tmp_path / "s" / "informe-2024-04.docx")).paragraphs]
    assert any("Véase el informe de la CIDH (https://www.oas.org/es/cidh)." in p for p in parrafos)
    lineas = [l.replace("\u200b", "") for l in texto.split("\n")]
    inicio = next(i for i, l in enumerate(lineas) if "Consultable en:" in l)
    partes, resto = [], direccion
    for linea in lineas[inicio:]:
        trozo = linea[linea.index("https"):] if not partes else linea.strip()
        if not resto.startswith(trozo):
            break
        partes.append(trozo)
        resto = resto[len(trozo):]
    assert "".join(partes) == direccion and len(partes) > 1, partes
    # cada renglón que no es el último termina en un separador: ni a media palabra ni con guion de división
    assert all(p[-1] in "/.-?" for p in partes[:-1]), partes


def test_encabezado_largo_ensancha_su_columna_hasta_caber_en_la_pagina():
    from informe.renderizar import CARACTERES_PAGINA, tabla

    md = tabla(["Fecha", "Tema", "Reproducciones", "Liga"], [["04/11/2023", "Detalles del voto", "10,702", "x"]],
               [12, 60, 10, 28])
    anchos = [len(c) for c in md.split("\n")[0].strip("+").split("+")]
    # «Reproducciones» en negritas (medida con los anchos de la letra) y sus márgenes caben en la parte de la
    # página de su columna
    from informe.metricas import em

    assert anchos[2] * CARACTERES_PAGINA >= (em("Reproducciones", negritas=True) / 0.556 + 2) * sum(anchos)
    # una tabla que ya cabía no cambia
    md = tabla(["Entidad", "Acuerdo", "Estatus"], [["Aguascalientes", "Remitir", "Planeación"]], [16, 58, 11])
    assert [len(c) for c in md.split("\n")[0].strip("+").split("+")] == [18, 60, 13]


def test_fechas_y_cifras_con_espacios_que_no_parten_en_el_docx():
    from informe.docx_formato import _JUNTAS_EN_CELDA, _juntar

    assert _juntar("el 7 de mayo de 2024 hubo 87 reuniones y 38.4% de temas") == \
        "el 7\u00a0de\u00a0mayo de\u00a02024 hubo 87\u00a0reuniones y 38.4%\u00a0de temas"
    # en una celda angosta, «16 de noviembre» entero no cabría: Word partiría la palabra
    assert _juntar("16 de noviembre de 2023", _JUNTAS_EN_CELDA) == "16\u00a0de noviembre de\u00a02023"


def test_fechas_y_cifras_con_espacios_que_no_parten_en_el_markdown():
    from informe.lengua import juntar_markdown

    md = ("---\ntitle: \"Informe del 7 de mayo de 2024\"\n---\n\n"
          "# 3. Reuniones del 7 de mayo\n\n"
          "Del 14 de marzo al 23\nde abril de 2024 hubo **87** reuniones y\n38.4% de temas; el 7 de mayo\nde 2024.\n\n"
          "| 16 de noviembre de 2023 | 87 reuniones |\n\n"
          "Sus incisos: 3\na) el primero.\n1. se enumera\n\n```\n7 de mayo\n```\n")
    junto = juntar_markdown(md).split("\n")
    # la portada no se toca (sus líneas van centradas), ni el código
    assert junto[1] == 'title: "Informe del 7 de mayo de 2024"' and junto[-3] == "7 de mayo"
    # ni los títulos: su texto es el del índice del PDF y del DOCX
    assert junto[4] == "# 3. Reuniones del 7 de mayo"
    # un párrafo entero: el salto de línea de «23⏎de abril» también se une; entre el mes y «de» se puede partir
    assert junto[6] == ("Del 14\u00a0de\u00a0marzo al 23\u00a0de\u00a0abril de\u00a02024 hubo **87**\u00a0reuniones y")
    assert junto[7] == "38.4%\u00a0de temas; el 7\u00a0de\u00a0mayo"
    assert junto[8] == "de\u00a02024."
    # en una celda solo «de 2024» y las cifras: «16 de noviembre» entero no cabría
    assert junto[10] == "| 16\u00a0de noviembre de\u00a02023 | 87\u00a0reuniones |"
    # un inciso o un elemento de lista que empieza no se pega a la cifra anterior
    assert junto[12:15] == ["Sus incisos: 3", "a) el primero.", "1. se enumera"]


def test_el_markdown_del_quinto_junta_sus_fechas_y_cifras(correr, tmp_path):
    codigo, _, error = correr("compilar", "-p", "2024-04", "-d", DATOS, "-o", tmp_path, "-f", "md")
    assert codigo == 0, error
    md = (tmp_path / "informe-2024-04.md").read_text(encoding="utf-8")
    assert "se tomaron **87\u00a0acuerdos**" in md
    assert "Del 14\u00a0de\u00a0marzo al 19\u00a0de\u00a0abril de\u00a02024" in md
    assert "87 acuerdos" not in md and "de 2024" not in md.split("\n---\n", 1)[1]


def test_el_docx_imprime_la_direccion_completa_de_cada_vinculo_de_tabla(correr, tmp_path):
    from docx import Document

    codigo, _, error = correr("compilar", "--datos", DATOS / "vmre", "--periodo", "2023-12", "-o", tmp_path, "-f", "docx")
    assert codigo == 0, error
    doc = Document(str(tmp_path / "informe-2023-12.docx"))
    (tabla,) = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == ["Fecha", "Tema", "Reproducciones", "Liga"]]
    assert tabla.rows[1].cells[3].text.replace("\u200b", "") == "https://www.youtube.com/watch?v=2iE-ECaxKro"
    # las listas compactas del cuerpo (pandoc las marca «Compact») van en la letra del cuerpo, no en la de
    # las celdas: en 9 pt se leían como letra menuda entre párrafos de 11 pt
    lista = [p for p in doc.paragraphs if p.style.name == "Compact"]
    assert len(lista) > 10 and doc.styles["Compact"].font.size is None
    assert doc.styles["Texto de tabla"].font.size.pt == 9
    assert {p.style.name for p in tabla.rows[1].cells[1].paragraphs} == {"Texto de tabla"}


def test_vmre_tambien_revisa_las_cifras_escritas(correr_json, tmp_path):
    datos = tmp_path / "vmre"
    shutil.copytree(DATOS / "vmre", datos)
    texto = datos / "2023-12" / "textos" / "inetel.md"
    lineas = texto.read_text(encoding="utf-8").count("\n")
    with texto.open("a", encoding="utf-8") as f:
        f.write("INETEL atendió 2,882 consultas; se recibieron 51,185 Solicitudes.\n")
    codigo, j = correr_json("validar", datos / "2023-12", "--datos", datos, "--formato", "json")
    assert codigo == 1
    propios = [(p["linea"], p["columna"], p["codigo"]) for p in j["problemas"] if p["codigo"].startswith("texto-cifra")]
    assert propios == [(lineas + 1, 16, "texto-cifra-distinta"), (lineas + 1, 47, "texto-cifra-literal")]
    assert "2,881 (r.consultas.total.TOTAL)" in next(p["mensaje"] for p in j["problemas"]
                                                     if p["codigo"] == "texto-cifra-distinta")


def test_la_linea_de_fuente_sale_solo_de_lo_que_declaran_los_datos(correr, tmp_path):
    from conftest import DEMO

    datos = tmp_path / "datos"
    shutil.copytree(DEMO, datos)
    assert "fuente:" not in (datos / "proceso.yaml").read_text(encoding="utf-8")
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", datos, "-o", tmp_path / "a", "-f", "md")
    assert codigo == 0, error
    md = (tmp_path / "a" / "informe-2024-02.md").read_text(encoding="utf-8")
    # la demo tiene tabla de temas, de medidas y anexo: ninguna lleva una fuente que nadie declaró
    assert "Medidas adicionales de seguridad por entidad" in md and "Acuerdos alcanzados por entidad" in md
    assert "Fuente:" not in md and "::: fuente" not in md
    # la del periodo, tal como se escribió (un dato: se escapa), bajo cada tabla
    periodo = datos / "2024-02" / "periodo.yaml"
    escribir(periodo, periodo.read_text(encoding="utf-8") + 'fuente: "Elaborada por la *DEOE*."\n')
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", datos, "-o", tmp_path / "b", "-f", "md")
    assert codigo == 0, error
    md = (tmp_path / "b" / "informe-2024-02.md").read_text(encoding="utf-8")
    assert md.count("Fuente: Elaborada por la \\*DEOE\\*.") == 3
    # la del proceso vale para todos sus periodos; la del periodo prevalece
    escribir(datos / "proceso.yaml", (datos / "proceso.yaml").read_text(encoding="utf-8") + "fuente: La DEOE.\n")
    codigo, _, error = correr("compilar", "-p", "2024-03", "-d", datos, "-o", tmp_path / "c", "-f", "md")
    assert codigo == 0, error
    assert (tmp_path / "c" / "informe-2024-03.md").read_text(encoding="utf-8").count("Fuente: La DEOE.") == 3
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", datos, "-o", tmp_path / "d", "-f", "md")
    assert "Fuente: La DEOE." not in (tmp_path / "d" / "informe-2024-02.md").read_text(encoding="utf-8")


def test_el_quinto_conserva_sus_lineas_de_fuente(correr, tmp_path):
    codigo, _, error = correr("compilar", "-p", "2024-04", "-d", DATOS, "-o", tmp_path, "-f", "md")
    assert codigo == 0, error
    md = (tmp_path / "informe-2024-04.md").read_text(encoding="utf-8")
    # la tabla de medidas lleva la del original; la Gráfica 3 no se dibuja en una salida solo md
    medidas = md[md.index("Medidas adicionales de seguridad por entidad"):]
    assert medidas.split("\n\n", 2)[1].startswith("::: fuente\nFuente: Elaborada por la DEOE con base en la "
                                                     "información reportada por las JLE.")
    assert md.count("Fuente:") == 1


def test_la_linea_de_fuente_no_empieza_sola_una_pagina_del_docx(correr, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    from conftest import DEMO

    datos = tmp_path / "datos"
    shutil.copytree(DEMO, datos)
    periodo = datos / "2024-03" / "periodo.yaml"
    escribir(periodo, periodo.read_text(encoding="utf-8") + "fuente: Elaborada por la DEOE.\n")
    codigo, _, error = correr("compilar", "-p", "2024-03", "-d", datos, "-o", tmp_path / "s", "-f", "docx")
    assert codigo == 0, error
    cuerpo = Document(str(tmp_path / "s" / "informe-2024-03.docx")).element.body
    fuentes = [p for p in cuerpo.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") is not None
               and p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "Fuente"]
    # una tras la tabla de temas, otra tras la de medidas, otra tras el anexo y una por gráfica dibujada
    assert len(fuentes) >= 3
    for p in fuentes:
        anterior = p.getprevious()
        while anterior.tag in (qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
            anterior = anterior.getprevious()
        if anterior.tag == qn("w:tbl"):
            anterior = list(anterior.findall(qn("w:tr"))[-1].iter(qn("w:p")))[-1]
        assert anterior.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, "".join(anterior.itertext())
