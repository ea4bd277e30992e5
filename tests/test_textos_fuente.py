"""Issue 32, ronda 3 (textos): lo que la relectura contra las semillas encontró aún mal en el contenido.
Cada caso afirma el texto, en cada formato donde el lector lo ve."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import RAIZ, escribir

DATOS = RAIZ / "datos"


def _texto_docx(ruta: Path) -> str:
    with zipfile.ZipFile(ruta) as z:
        return re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))


def _texto_pdf(ruta: Path) -> str:
    from pypdf import PdfReader

    return " ".join(p.extract_text() for p in PdfReader(str(ruta)).pages)


def _plano(texto: str) -> str:
    """Palabras separadas por un espacio: los duros (U+00A0) y los saltos de línea valen lo mismo."""
    return " ".join(re.sub(r"<[^>]+>|\*\*", "", texto).replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def vmre(tmp_path_factory):
    """El informe VMRE de noviembre de 2023 compilado de los datos reales, en los cuatro formatos, como texto."""
    from informe.compilar import compilar

    salida = tmp_path_factory.mktemp("vmre")
    compilar(DATOS / "vmre", "2023-12", salida, ("md", "docx", "pdf", "html"))
    base = salida / "informe-2023-12"
    return {"md": _plano(base.with_suffix(".md").read_text(encoding="utf-8")),
            "docx": _plano(_texto_docx(base.with_suffix(".docx"))),
            "pdf": _plano(_texto_pdf(base.with_suffix(".pdf"))),
            "html": _plano(base.with_suffix(".html").read_text(encoding="utf-8")),
            "html_crudo": base.with_suffix(".html").read_text(encoding="utf-8")}


# --------------------------------------------------------------------------- 1. cifras publicadas con su lapso

@pytest.mark.parametrize("formato", ["md", "docx", "pdf", "html"])
def test_vmre_cada_cifra_publicada_lleva_el_lapso_de_la_fuente(vmre, formato):
    """La semilla cuenta las llamadas automatizadas «del 1º al 29 de noviembre» y los intentos y las
    reproducciones del 1 al 30: el lapso va junto a la cifra (de corte.yaml), no solo en el párrafo de arriba."""
    texto = vmre[formato]
    for esperado in ("176,430 llamadas automatizadas del 1 al 29 de noviembre de 2023 con mensajes de voz",
                     "109,272 intentos de llamada del 1 al 30 de noviembre de 2023;",
                     "2,881 consultas relacionadas con el VMRE del 1 al 30 de noviembre de 2023.",
                     "Del 1 al 30 de noviembre de 2023 alcanzaron 19,472 reproducciones.",
                     "Del 1 al 30 de noviembre de 2023, el operativo de llamadas de salida de subsane tuvo 409",
                     "Con corte al 30 de noviembre de 2023, se reportan 51,167 Solicitudes de Inscripción"):
        assert esperado in texto, (formato, esperado)


def test_el_lapso_de_una_cifra_publicada_se_lee_de_corte_yaml(tmp_path):
    from informe.lector import Lector
    from informe.vmre.lectura import leer_corte
    from informe.yaml_seguro import componer

    yaml = ("inicio: 2023-11-01\nfin: 2023-11-30\ncorte: 2023-11-30\npublicado:\n"
            "  analisis: 51167\n"
            "  llamadas_automatizadas: {cifra: 176430, desde: 2023-11-01, hasta: 2023-11-29}\n"
            "  intentos_llamadas: {cifra: 109272, desde: 2023-11-30, hasta: 2023-11-01}\n"
            "  reproducciones: {desde: 2023-11-01, hasta: 2023-11-30}\n")
    lector = Lector("corte.yaml")
    raiz, _ = componer(yaml, "corte.yaml")
    corte = leer_corte(raiz, lector, "2023-12")
    assert corte.publicado == {"analisis": 51167, "llamadas_automatizadas": 176430, "intentos_llamadas": 109272}
    assert {k: (v["desde"].isoformat(), v["hasta"].isoformat()) for k, v in corte.lapsos.items()} == {
        "llamadas_automatizadas": ("2023-11-01", "2023-11-29")}
    # la línea de la cifra (para señalarla si no cuadra con las tablas) es la de su mapa
    assert corte.lineas["publicado.llamadas_automatizadas"] == 6
    assert [(p.codigo, p.linea) for p in lector.problemas] == [("periodo-rango", 7), ("campo-requerido", 8)]
    assert lector.problemas[0].mensaje == "publicado.intentos_llamadas.desde: es posterior a hasta."


@pytest.fixture(scope="module")
def anexos(tmp_path_factory):
    """El Sexto (2024-05) y el Séptimo (2024-06) compilados de los datos reales en los cuatro formatos."""
    from informe.compilar import compilar

    salida = tmp_path_factory.mktemp("anexos")
    textos = {}
    for pid in ("2024-05", "2024-06"):
        compilar(DATOS, pid, salida, ("md", "docx", "pdf", "html"))
        base = salida / f"informe-{pid}"
        textos[pid] = {"md_crudo": base.with_suffix(".md").read_text(encoding="utf-8"),
                       "md": _plano(base.with_suffix(".md").read_text(encoding="utf-8")),
                       "docx": _plano(_texto_docx(base.with_suffix(".docx"))),
                       "pdf": _plano(_texto_pdf(base.with_suffix(".pdf"))),
                       "html": _plano(base.with_suffix(".html").read_text(encoding="utf-8"))}
    return textos


def _columna(fixture: str, desde: int = 1, hasta: int | None = None) -> list[str]:
    """La primera columna del anexo publicado (tests/fixtures), sin encabezados ni celdas vacías."""
    lineas = (RAIZ / "tests" / "fixtures" / fixture).read_text(encoding="utf-8").split("\n")[desde - 1:hasta]
    return [c for c in (linea.split("\t")[0].strip() for linea in lineas if "\t" in linea)
            if c and c not in ("Entidad", "Mesa de seguridad")]


# --------------------------------------------------------------------------- 2. nombres de las reuniones

@pytest.mark.parametrize("formato", ["md", "docx", "pdf", "html"])
def test_septimo_nombra_cada_reunion_como_la_publico(anexos, formato):
    """«Décima primer» y «Décima tercer» van como las publicó la tabla del Séptimo; con «reunión 2024»
    agregado serían una concordancia que la fuente no escribió («Décima primer reunión»)."""
    from conftest import tabla_md

    publicados = _columna("anexo1-septimo.tsv", 109)
    assert len(publicados) == 14 and publicados[10] == "Décima primer"
    filas = tabla_md(anexos["2024-06"]["md_crudo"].replace("\u00a0", " "),
                     "Reuniones de la Mesa de Seguridad Electoral y puntos del INE")
    assert [f[0] for f in filas] == publicados
    texto = anexos["2024-06"][formato]
    assert "reunión 2024" not in texto and "primer reunión" not in texto and "tercer reunión" not in texto
    assert all(n in texto for n in publicados), formato


# --------------------------------------------------------------------------- 3. entidades como en su anexo

def _entidades_md(md: str) -> list[str]:
    from conftest import tabla_md

    vistas: list[str] = []
    for f in tabla_md(md.replace("\u00a0", " "), "Acuerdos alcanzados por entidad"):
        nombre = " ".join(f[0].split())
        if nombre and (not vistas or vistas[-1] != nombre):
            vistas.append(nombre)
    return vistas


@pytest.mark.parametrize(("pid", "fixture", "hasta"), [("2024-05", "anexo1-sexto.tsv", None),
                                                        ("2024-06", "anexo1-septimo.tsv", 108)])
def test_cada_anexo_nombra_las_entidades_como_su_fuente(anexos, pid, fixture, hasta):
    """El Sexto dice «Coahuila de Zaragoza»; el Séptimo, «Coahuila»: cada anexo, como el suyo."""
    from informe.entidades import ENTIDADES

    nombres = {n for e in ENTIDADES for n in (e.nombre, e.corto)}
    publicadas = list(dict.fromkeys(c for c in _columna(fixture, 1, hasta) if c in nombres))
    assert _entidades_md(anexos[pid]["md_crudo"]) == publicadas
    coahuila = {"2024-05": "Coahuila de Zaragoza", "2024-06": "Coahuila"}[pid]
    assert coahuila in publicadas
    for formato in ("docx", "pdf", "html"):  # el Markdown, por sus celdas (arriba): la cuadrícula parte las líneas
        texto = anexos[pid][formato]
        assert ("Coahuila de Zaragoza" in texto) == (pid == "2024-05"), formato
        assert all(n in texto for n in publicadas), formato


def test_entidades_publicadas_debe_nombrar_una_entidad_del_catalogo(tmp_path):
    from informe.lector import Lector
    from informe.seguridad.lectura_periodo import leer_periodo
    from informe.yaml_seguro import componer

    raiz, _ = componer("numero: 6\ninicio: 2024-04-24\nfin: 2024-05-23\n"
                       "entidades_publicadas:\n  - Coahuila de Zaragoza\n  - Coahuila de Tamaulipas\n", "periodo.yaml")
    lector = Lector("periodo.yaml")
    periodo = leer_periodo(raiz, lector, "2024-05")
    assert periodo.entidades_publicadas == {"Coahuila": "Coahuila de Zaragoza"}
    assert [(p.codigo, p.linea) for p in lector.problemas] == [("entidad-desconocida", 6)]


# --------------------------------------------------------------------------- 4. espacios duros en el HTML

def test_html_junta_fechas_y_cifras_solo_en_el_texto():
    from informe.html import _palabras_juntas

    cuerpo = ('<p>El <strong>7 de mayo</strong> de 2024 hubo <strong>87</strong> reuniones; '
              '<a href="https://ine.mx/?q=7 de mayo" title="7 de mayo de 2024">el 7 de mayo</a> '
              '<code>12 de mayo de 2024</code></p>\n<h2 id="s">Del 1 de mayo de 2024</h2>\n'
              '<table><tr><td>El 16 de noviembre de 2024</td></tr></table>\n<p>y 3 reuniones</p>')
    assert _palabras_juntas(cuerpo) == (
        '<p>El <strong>7\u00a0de\u00a0mayo</strong> de\u00a02024 hubo <strong>87</strong>\u00a0reuniones; '
        '<a href="https://ine.mx/?q=7 de mayo" title="7 de mayo de 2024">el 7\u00a0de\u00a0mayo</a> '
        '<code>12 de mayo de 2024</code></p>\n<h2 id="s">Del 1 de mayo de 2024</h2>\n'
        # en una celda angosta, «16 de noviembre» entero no cabe: solo «de 2024» y la cifra con su palabra
        '<table><tr><td>El 16\u00a0de noviembre de\u00a02024</td></tr></table>\n<p>y 3\u00a0reuniones</p>')


def test_html_compilado_lleva_los_espacios_duros_de_los_demas_formatos(vmre):
    html = vmre["html_crudo"]
    cuerpo = html[html.index("<main"):]
    for junto in ("<strong>176,430\u00a0llamadas automatizadas</strong> del 1\u00a0al 29\u00a0de\u00a0noviembre de\u00a02023",
                  "<strong>2,881\u00a0consultas</strong>"):
        assert junto in cuerpo, junto
    # ninguno dentro de una etiqueta (atributos, direcciones) ni de un título
    assert not re.search(r"<[^>]*\u00a0[^>]*>", html)
    assert not re.search(r"<h[1-6][^>]*>[^<]*\u00a0", html)


def test_vista_junta_como_el_html(tmp_path):
    """`informe vista` arma su página por capítulos (html.PiezasPorCapitulos) y pasa por el mismo lugar."""
    from informe.vista import Compositor

    pagina, _, error = Compositor(DATOS / "vmre", "2023-12", None, tmp_path).componer()
    assert error is None
    assert "<strong>109,272\u00a0intentos de llamada</strong> del 1\u00a0al 30\u00a0de\u00a0noviembre" in pagina
    assert not re.search(r"<[^>]*\u00a0[^>]*>", pagina)


def test_cada_punto_del_ine_empieza_su_renglon(anexos):
    """Como en las demás reuniones, «II.», «V.» y cada inciso «a)» de la Décima segunda y la Décima cuarta
    van en su propio renglón de la celda (la fuente los da como listas)."""
    from conftest import tabla_md

    filas = tabla_md(anexos["2024-06"]["md_crudo"].replace("\u00a0", " "),
                     "Reuniones de la Mesa de Seguridad Electoral y puntos del INE")
    assert len(filas) == 14
    for f in filas:
        for renglon in f[2].split("\n"):
            assert not re.search(r"\s(?:[IVX]+\.|[a-e]\))\s", renglon), (f[0], renglon)
    decima_segunda = next(f for f in filas if f[0] == "Décima segunda")
    assert decima_segunda[2].split("\n") == [
        "I. Acciones en materia de seguridad:", "a) Caso Campeche", "b) Caso Michoacán", "c) Caso Chiapas",
        "II. Reporte de seguimiento del INE a las solicitudes de medidas de seguridad personal solicitadas para "
        "las candidaturas federales, recibidas por el INE y tramitadas ante la SSPC."]


# --------------------------------------------------------------------------- revisión: VMRE (V1 a V4)

@pytest.mark.parametrize("formato", ["md", "docx", "pdf", "html"])
def test_vmre_dice_bajo_cada_tabla_la_errata_que_corrige(vmre, formato):
    """«Montaña», «Ecós», «Diarío», «Tlahuiltoltepec»: la corrección se ve junto al valor, no solo en
    CORRECCIONES.md; la llamada «*» de las tablas por país se explica antes de ellas; las figuras del
    publicado que no se reproducen se nombran; el último hecho del apartado 6 está."""
    texto = vmre[formato]
    for esperado in ("El informe publicado escribe «Ecós de México» (aquí, «Ecos de México») y «Diarío de México» "
                     "(aquí, «Diario de México»).",
                     "El informe publicado escribe «Jorge Montaña» (aquí, «Jorge Montaño»).",
                     "El informe publicado escribe «Tlahuiltoltepec» (aquí, «Tlahuitoltepec»).",
                     "con una figura, «Pauta pagada en el extranjero», que aquí no se reproduce.",
                     "una publicación destacada de cada red y el gráfico de «Entérate»; aquí no se reproducen.",
                     "Continúa la elaboración de las cápsulas y el pódcast sobre el VMRE",
                     "En las tablas siguientes, * marca las entidades con voto desde el extranjero"):
        assert esperado in texto.replace("\\*", "*"), (formato, esperado)
    # la explicación de «*» va antes de la primera tabla que lo usa
    texto = texto.replace("\\*", "*")
    assert texto.index("En las tablas siguientes, ") < texto.index("CHIS*")


def test_una_errata_que_la_tabla_no_corrige_es_error_con_su_linea(correr_json, tmp_path):
    datos = tmp_path / "vmre"
    shutil.copytree(DATOS / "vmre", datos)
    corte = datos / "2023-12" / "corte.yaml"
    texto = corte.read_text(encoding="utf-8")
    linea = texto.split("\n").index("  - {archivo: entrevistas.csv, publicado: Tlahuiltoltepec, corregido: Tlahuitoltepec}") + 1
    corte.write_text(texto.replace("corregido: Tlahuitoltepec}", "corregido: Tlahuilotepec}")
                     .replace("{archivo: materiales_audiovisuales.csv", "{archivo: materiales.csv"), encoding="utf-8")
    codigo, j = correr_json("validar", datos, "--formato", "json")
    errores = [p for p in j["problemas"] if p["codigo"] == "vmre-errata"]
    assert codigo != 0 and len(errores) == 2
    por_mensaje = {p["mensaje"]: p for p in errores}
    malo = por_mensaje["entrevistas.csv no trae «Tlahuilotepec», la forma corregida de «Tlahuiltoltepec»."]
    assert (malo["linea"], malo["columna"]) == (linea, texto.split("\n")[linea - 1].index("Tlahuitoltepec}") + 1)
    assert any(m.startswith("erratas[3].archivo: «materiales.csv» no es una tabla del corte.") for m in por_mensaje)


@pytest.mark.parametrize("formato", ["docx", "pdf", "html"])
def test_vmre_la_eleccion_de_cada_sobre_voto_con_la_palabra_publicada(vmre, formato):
    """La columna de la elección sale de partir la oración publicada: sus palabras son las de la fuente
    («Diputado Migrante», «Gobernatura»), no otras («Diputación», «Gubernatura»)."""
    texto = vmre[formato]
    assert "Diputado Migrante" in texto and "Diputados por el principio de Representación Proporcional" in texto
    assert "Gobernatura" in texto and "Gubernatura" not in texto
