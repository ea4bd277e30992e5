"""El informe HTML en Chromium: sin red, sin violaciones graves de axe-core, con sus títulos, tablas y
textos alternativos. El demo, el Quinto (datos reales de seguridad) y el de avances del VMRE."""

from __future__ import annotations

import re

import pytest

from conftest import DEMO, RAIZ
from navegador import revisar_axe

CASOS = {  # nombre → (carpeta de datos, periodo)
    "demo": (DEMO, "2024-03"),
    "quinto": (RAIZ / "datos", "2024-04"),
    "vmre": (RAIZ / "datos" / "vmre", "2023-12"),
}


@pytest.fixture(scope="module")
def compilados(tmp_path_factory):
    from informe.compilar import compilar

    salida = {}
    for nombre, (datos, periodo) in CASOS.items():
        carpeta = tmp_path_factory.mktemp(nombre)
        resultado = compilar(datos, periodo, carpeta, ("md", "html"))
        assert [p.name for p in resultado.escritos] == [f"informe-{periodo}.md", f"informe-{periodo}.html"]
        salida[nombre] = (carpeta / f"informe-{periodo}.html", (carpeta / f"informe-{periodo}.md").read_text(
            encoding="utf-8"))
    return salida


def _alternativos(markdown: str) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", a).replace("&amp;", "&") for a in re.findall(r'\balt="((?:[^"\\]|\\.)*)"',
                                                                                 markdown)]


@pytest.mark.parametrize("caso", list(CASOS))
def test_el_informe_html_carga_sin_red_y_axe_no_encuentra_nada_grave(compilados, pagina, caso):
    ruta, markdown = compilados[caso]
    pagina.goto(ruta.as_uri())
    assert pagina.peticiones == [ruta.as_uri()]  # solo la página misma: letras e imágenes van dentro
    assert pagina.evaluate("document.documentElement.lang") == "es-MX"
    assert revisar_axe(pagina) == []
    # las letras incrustadas sí se usan (no cae a la del sistema)
    assert pagina.evaluate("document.fonts.check('16px \"Liberation Sans\"')")


@pytest.mark.parametrize("caso", list(CASOS))
def test_titulos_tablas_y_textos_alternativos(compilados, pagina, caso):
    ruta, markdown = compilados[caso]
    pagina.goto(ruta.as_uri())
    assert pagina.locator("h1").count() == 1
    titulos = pagina.locator("main h2").all_inner_texts()
    assert titulos and all(t.strip() for t in titulos)
    # el índice lleva a cada título de nivel 2 del cuerpo
    destinos = pagina.eval_on_selector_all("nav.indice a", "as => as.map(a => a.getAttribute('href'))")
    ids = pagina.eval_on_selector_all("main h2[id], main h3[id]", "hs => hs.map(h => '#' + h.id)")
    assert destinos and set(destinos) <= set(ids)
    tablas = pagina.eval_on_selector_all("main table", """ts => ts.map(t => ({
        leyenda: t.caption ? t.caption.innerText.trim() : '',
        encabezados: [...t.querySelectorAll('thead th')].map(th => th.getAttribute('scope')),
        repite: getComputedStyle(t.tHead).display}))""")
    assert tablas and all(t["leyenda"] and t["encabezados"] and set(t["encabezados"]) == {"col"} for t in tablas)
    alternativos = pagina.eval_on_selector_all("main img", "is => is.map(i => i.alt)")
    assert alternativos == _alternativos(markdown) and all(alternativos)
    pagina.emulate_media(media="print")
    assert set(pagina.eval_on_selector_all("main thead", "hs => hs.map(h => getComputedStyle(h).display)")) == \
        {"table-header-group"}


def test_las_notas_al_pie_van_y_vuelven(compilados, pagina):
    ruta, _ = compilados["quinto"]
    pagina.goto(ruta.as_uri())
    llamadas = pagina.locator("a.footnote-ref")
    assert llamadas.count() > 0
    primera = llamadas.first
    destino = primera.get_attribute("href")
    primera.click()
    assert pagina.evaluate("location.hash") == destino
    vuelta = pagina.locator(f"{destino} a.footnote-back")
    assert vuelta.get_attribute("href") == "#" + primera.get_attribute("id")
