"""El registro de escritores: el único lugar que lista los formatos; uno nuevo es una entrada.

También: `compilar` arma todo en una carpeta privada fuera de --salida y el HTML autocontenido (sin
navegador; las pruebas en Chromium están en test_html.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DEMO, RAIZ, escribir, leer_md


@pytest.fixture
def escritor_falso():
    """Un formato «txt» registrado solo durante el test: el Markdown sin marcas, en mayúsculas."""
    from informe import escritores

    def convertir(doc, destino: Path) -> None:
        doc.esperar_figuras()
        destino.write_text(doc.markdown.upper(), encoding="utf-8")

    escritores.registrar(escritores.Escritor("txt", "txt", "texto plano", "—", frozenset({"markdown", "figuras"}),
                                             convertir, por_omision=False))
    yield "txt"
    del escritores.REGISTRO["txt"]


def test_un_formato_nuevo_es_una_entrada_del_registro(escritor_falso, tmp_path):
    from informe.compilar import compilar

    resultado = compilar(DEMO, "2024-03", tmp_path, ("md", "txt"))
    assert [p.name for p in resultado.escritos] == ["informe-2024-03.md", "informe-2024-03.txt"]
    texto = (tmp_path / "informe-2024-03.txt").read_text(encoding="utf-8")
    # el mismo texto: el archivo md une además fechas y cifras a sus palabras (espacios duros, sin saltos)
    assert texto.split() == (tmp_path / "informe-2024-03.md").read_text(encoding="utf-8").upper().split()
    # lo pidió un formato que necesita las figuras: se dibujaron y el Markdown las cita
    assert "GRAFICAS-2024-03/GRAFICA1.PNG" in texto
    assert (tmp_path / "graficas-2024-03" / "grafica1.png").stat().st_size > 0


def test_la_linea_de_comandos_ofrece_lo_que_dice_el_registro(escritor_falso, tmp_path):
    """--formato, su ayuda y las líneas de progreso salen del registro (la app se arma de nuevo)."""
    from typer.testing import CliRunner

    from informe import cli

    app = cli.crear_app()
    ayuda = CliRunner().invoke(app, ["compilar", "--help"], env={"COLUMNS": "200"}).stdout
    assert "md, docx, pdf, html o txt (repetible; sin él: md, docx y pdf)." in " ".join(ayuda.split())
    r = CliRunner().invoke(app, ["compilar", "-p", "2024-03", "-d", str(DEMO), "-o", str(tmp_path), "-f", "txt",
                                 "-f", "md"])
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "etapa: md y txt" in r.stderr
    # (las notas de captura no son un formato: Chihuahua tiene un estatus en blanco, como en la fuente)
    assert re.findall(r"informe-2024-03\.(?!notas)\w+", r.stdout) == ["informe-2024-03.md", "informe-2024-03.txt"]


def test_formatos_del_registro():
    from informe import escritores
    from informe.compilar import FORMATOS

    assert escritores.nombres() == ("md", "docx", "pdf", "html")
    assert FORMATOS == ("md", "docx", "pdf")
    with pytest.raises(ValueError, match="necesita algo que no existe"):
        escritores.registrar(escritores.Escritor("x", "x", "", "", frozenset({"magia"}), lambda d, p: None))


def test_ningun_otro_modulo_lista_los_formatos():
    """La lista literal de formatos de salida vive solo en escritores.py."""
    literales = re.compile(r"""["']md["'],\s*["']docx["'],\s*["']pdf["']|\(\s*["']docx["'],\s*["']pdf["']\s*\)""")
    for ruta in sorted((RAIZ / "informe").rglob("*.py")):
        if ruta.name != "escritores.py":
            assert not literales.search(ruta.read_text(encoding="utf-8")), ruta


def test_un_formato_desconocido_es_error_de_uso(tmp_path):
    from informe.compilar import compilar
    from informe.errores import ErrorDeUso

    with pytest.raises(ErrorDeUso, match="formato desconocido: rtf"):
        compilar(DEMO, "2024-03", tmp_path, ("rtf",))


def test_compilar_no_deja_carpetas_temporales_en_la_salida(tmp_path, monkeypatch):
    """Se arma en una carpeta privada fuera de --salida; en la salida solo queda el informe."""
    import tempfile

    from informe.compilar import compilar

    vistas = []
    original = tempfile.TemporaryDirectory

    def anotar(*a, **k):
        carpeta = original(*a, **k)
        vistas.append(Path(carpeta.name))
        return carpeta

    monkeypatch.setattr(tempfile, "TemporaryDirectory", anotar)
    salida = tmp_path / "salida"
    compilar(DEMO, "2024-03", salida, ("md", "docx", "pdf", "html"))
    assert vistas and not any(v.resolve().is_relative_to(salida.resolve()) for v in vistas)
    assert sorted(p.relative_to(salida).as_posix() for p in salida.rglob("*") if p.is_file()) == [
        "graficas-2024-03/grafica1.png", "graficas-2024-03/grafica2.png", "graficas-2024-03/grafica3.png",
        "graficas-2024-03/imagen1.png", "informe-2024-03.docx", "informe-2024-03.html", "informe-2024-03.md",
        "informe-2024-03.notas.md", "informe-2024-03.pdf"]
    assert not any(v.exists() for v in vistas)


def test_un_fallo_en_un_escritor_no_deja_nada_a_medias(tmp_path, monkeypatch):
    from informe import escritores
    from informe.compilar import compilar
    from informe.errores import ErrorDeConversion, ErrorDeEtapa

    def falla(doc, destino):
        raise ErrorDeConversion("pandoc no pudo convertir el Markdown a html: sin memoria")

    monkeypatch.setitem(escritores.REGISTRO, "html", escritores.Escritor(
        "html", "html", "", "", frozenset({"ast"}), falla, por_omision=False))
    with pytest.raises(ErrorDeEtapa) as e:
        compilar(DEMO, "2024-03", tmp_path / "s", ("md", "html"))
    assert e.value.etapa == "html" and "sin memoria" in str(e.value)
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["informe-2024-03.md", "informe-2024-03.notas.md"]
    assert [p.name for p in e.value.escritos] == ["informe-2024-03.md", "informe-2024-03.notas.md"]


# --------------------------------------------------------------------------- HTML sin navegador

@pytest.fixture(scope="module")
def html_demo(tmp_path_factory):
    from informe.compilar import compilar

    salida = tmp_path_factory.mktemp("html")
    compilar(DEMO, "2024-03", salida, ("md", "html"))
    return salida, (salida / "informe-2024-03.html").read_text(encoding="utf-8")


def test_html_autocontenido_y_determinista(html_demo, tmp_path):
    from informe.compilar import compilar

    salida, html = html_demo
    assert html.startswith('<!DOCTYPE html>\n<html lang="es-MX">')
    assert "default-src 'none'" in html
    # nada se pide fuera de la página: ni src ni href que no sean data: o un ancla
    assert re.findall(r'\b(?:src|href)="(?!data:|#)([^"]*)"', html) == []
    assert "url(data:font/woff;base64," in html
    compilar(DEMO, "2024-03", tmp_path, ("html",))
    assert (tmp_path / "informe-2024-03.html").read_bytes() == (salida / "informe-2024-03.html").read_bytes()
    assert len(html.encode()) < 1_500_000


def test_html_portada_indice_tablas_y_figuras(html_demo):
    salida, html = html_demo
    markdown = leer_md(salida / "informe-2024-03.md")
    portada = re.search(r'<header class="portada">(.*?)</header>', html, re.S)[1]
    assert "Periodo que se informa: del 24 de febrero al 23 de marzo de 2024" in portada
    assert "Fecha de corte" not in portada and "<h1" in portada  # como el PDF: la fuente no da una fecha de corte
    assert '<nav class="indice" aria-labelledby="titulo-indice">' in html
    assert "<h1" not in html.split("</header>", 1)[1]  # un solo h1: la portada; las secciones son h2 y más
    assert html.count("<caption>") == html.count("<table") > 0
    assert html.count("<th ") == html.count('<th scope="col"') > 0
    alternativos = [re.sub(r"\\(.)", r"\1", a).replace("&amp;", "&")
                    for a in re.findall(r'\balt="((?:[^"\\]|\\.)*)"', markdown)]
    from html import unescape

    en_html = [unescape(a) for a in re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)"', html)]
    assert en_html == alternativos and len(en_html) == 4


def test_html_el_texto_de_los_datos_es_dato(tmp_path):
    """Marcas HTML en los datos (el nombre del proceso va al título y al texto; el área, a la portada): se
    leen tal cual, ninguna pasa como marca."""
    import shutil

    from informe.compilar import compilar

    datos = tmp_path / "datos"
    shutil.copytree(DEMO, datos)
    proceso = datos / "proceso.yaml"
    texto = proceso.read_text(encoding="utf-8")
    texto = re.sub(r"(?m)^nombre: .*$", "nombre: 'Proceso <b>Demo</b> & <script>alert(1)</script>'", texto)
    texto = re.sub(r"(?m)^area: .*$", "area: '<img src=x onerror=alert(1)> &amp;'", texto)
    proceso.write_text(texto, encoding="utf-8")
    compilar(datos, "2024-03", tmp_path / "s", ("html",))
    html = (tmp_path / "s" / "informe-2024-03.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<b>" not in html and "<img src=x" not in html
    assert "Proceso &lt;b&gt;Demo&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert '<p class="area">&lt;img src=x onerror=alert(1)&gt; &amp;amp;</p>' in html


def test_html_un_vinculo_solo_lleva_a_la_web_a_un_correo_o_a_la_pagina(tmp_path):
    """`[x](javascript:…)` en un texto del analista: en el HTML queda el texto sin destino (además, la
    política de contenido no dejaría correr el script)."""
    import shutil

    from informe.compilar import compilar

    datos = tmp_path / "datos"
    shutil.copytree(DEMO, datos)
    escribir(datos / "2024-03" / "textos" / "presentacion.md",
             "Vea [uno](javascript:alert(1)), [dos](JavaScript:alert(2)), [tres](../secreto.pdf), "
             "[cuatro](https://www.ine.mx) y [cinco](mailto:deoe@ine.mx).\n")
    compilar(datos, "2024-03", tmp_path / "s", ("html",))
    html = (tmp_path / "s" / "informe-2024-03.html").read_text(encoding="utf-8")
    assert re.findall(r'<a(?: href="[^"]*")?>(?:uno|dos|tres|cuatro|cinco)</a>', html) == [
        "<a>uno</a>", "<a>dos</a>", "<a>tres</a>", '<a href="https://www.ine.mx">cuatro</a>',
        '<a href="mailto:deoe@ine.mx">cinco</a>']


def test_html_ningun_elemento_crudo_pasa(tmp_path):
    """La segunda barrera (recursos.lua), por si un Markdown con HTML llegara al escritor."""
    from informe import escritores
    from informe.errores import ErrorDeConversion
    from informe.html import a_html

    doc = escritores.Documento("# Hola\n\n<script>alert(1)</script>\n", None, "2024-03", tmp_path)
    with pytest.raises(ErrorDeConversion, match="bloque crudo"):
        a_html(doc, tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("datos,periodo", [(DEMO, "2024-03"), (RAIZ / "datos", "2024-04"),
                                           (RAIZ / "datos" / "vmre", "2023-12")], ids=["demo", "quinto", "vmre"])
def test_la_vista_por_capitulos_da_la_misma_pagina(datos, periodo, tmp_path):
    """Lo que `informe vista` arma capítulo por capítulo (con su memoria) es, byte a byte, lo que escribe
    `compilar --formato html` de una pasada: notas al pie renumeradas, índice y portada incluidos."""
    from informe.compilar import preparar_documento
    from informe.convertir import LectorPorCapitulos
    from informe.familias import de_carpeta
    from informe.html import PiezasPorCapitulos, pagina
    from informe.validar import validar_hasta

    familia = de_carpeta(datos)
    _, cargas = validar_hasta(datos, periodo, familia)
    preparado = familia.preparar(datos, periodo, cargas)
    entera = pagina(preparar_documento(familia, preparado, periodo, tmp_path / "a", ("html",), None))
    lector = LectorPorCapitulos()
    por_capitulos = PiezasPorCapitulos(lector)
    for _ in range(2):  # la segunda, de la memoria
        doc = preparar_documento(familia, preparado, periodo, tmp_path / "b", ("html",), None, lector=lector)
        assert pagina(doc, piezas=por_capitulos) == entera
    assert len(lector.capitulos) > 3


def test_la_tabla_de_formatos_de_los_documentos_sale_del_registro():
    from informe import escritores

    assert escritores.tabla_markdown() in (RAIZ / "docs" / "ordenes.md").read_text(encoding="utf-8"), \
        "docs/ordenes.md: copie la tabla de escritores.tabla_markdown()"


def test_cada_formato_accesible_tiene_su_revision():
    """Lo que cada escritor declara cumplir lo revisa un test: PDF y DOCX (test_accesibilidad.py), HTML con
    axe-core en Chromium (test_html.py). Un formato nuevo que declara un estándar necesita su revisión."""
    import accesible
    import test_html
    from informe import escritores

    revisiones = {"pdf": accesible.revisar_pdf, "docx": accesible.revisar_docx,
                  "html": test_html.test_el_informe_html_carga_sin_red_y_axe_no_encuentra_nada_grave}
    assert set(revisiones) == {n for n, e in escritores.REGISTRO.items() if e.accesibilidad != "—"}


@pytest.mark.parametrize("etapa", ["etapa: md\n", "etapa: md, docx y pdf\n"])
def test_compilar_matado_no_deja_carpetas_temporales_en_la_salida(tmp_path, etapa):
    """kill -9 a media compilación: en --salida no queda ninguna carpeta temporal (se arma fuera)."""
    import os
    import subprocess
    import sys

    salida, temporal = tmp_path / "salida", tmp_path / "tmp"
    temporal.mkdir()
    proceso = subprocess.Popen([sys.executable, "-m", "informe", "compilar", "-p", "2024-03", "-d", str(DEMO), "-o",
                                str(salida)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                               env={**os.environ, "TMPDIR": str(temporal)})
    try:
        for linea in proceso.stderr:
            if linea == etapa:
                break
        proceso.kill()
    finally:
        proceso.wait()
    assert any(temporal.iterdir())  # lo que se armaba quedó fuera de la salida
    restos = [p.relative_to(salida).as_posix() for p in salida.rglob("*")]
    assert all(re.fullmatch(r"informe-2024-03\.(md|docx|pdf)|informe-2024-03\.notas\.md|graficas-2024-03(/\w+\.png)?",
                            r) for r in restos), restos


_PARTIBLES = [
    "# Uno {#uno}\n\nTexto[^a].\n\n[^a]: Nota.\n\n# Dos {#dos}\n\nMás[^b].\n\n[^b]: Otra.\n",
    # una nota llamada en un capítulo y definida en otro: se lee entero
    "# Uno {#uno}\n\nTexto[^a].\n\n# Dos {#dos}\n\n[^a]: Nota lejana.\n",
    # un vínculo por referencia definido en otro capítulo
    "# Uno\n\nVea [el sitio][ine].\n\n# Dos\n\n[INE]: https://ine.mx\n",
    # títulos iguales: pandoc los distingue (-1) solo si los lee juntos
    "# Resumen\n\nA\n\n# Resumen\n\nB\n\n# Resumen\n\nC\n",
    # un «# » dentro de un bloque de código, y otro pegado a un párrafo (no es título)
    "# Uno\n\n```\n\n# no es título\n```\n\n# Dos\n",
    "# Uno\n\nUn párrafo\n# que sigue\n\n# Dos\n",
]


@pytest.mark.parametrize("markdown", _PARTIBLES)
@pytest.mark.parametrize("grupos", [None, 2])
def test_leer_por_capitulos_da_el_mismo_arbol(markdown, grupos):
    import json

    from informe.convertir import LectorPorCapitulos, leer_markdown

    assert json.loads(LectorPorCapitulos(grupos)(markdown)) == json.loads(leer_markdown(markdown))


def _tabla_de_cuadricula(filas: int, nota: str = "") -> str:
    """Una tabla de cuadrícula como la del anexo de acuerdos: encabezado y filas de dos renglones."""
    borde = "+----------+------------------------------+\n"
    lineas = [borde, "| Entidad  | Acuerdo                      |\n", "+:=========+:=============================+\n"]
    for i in range(filas):
        lineas += [f"| Colima   | Coordinar el resguardo {i:<5} |\n", f"|          | de la bodega *{i:>4}*{nota:5}     |\n",
                   borde]
    return "".join(lineas)


_TABLAS = {
    # la leyenda va tras la tabla; tras ella, otro capítulo
    "leyenda": "# Uno\n\nTexto.\n\n# Dos\n\n" + _tabla_de_cuadricula(60) + "\n: Tabla 1. Acuerdos\n\n# Tres\n\nFin.\n",
    # un título de nivel 3 tras la tabla: niveles_de_titulo.lua lo baja según el anterior (se lee entero)
    "titulo tras la tabla": "# Uno\n\nTexto.\n\n# Dos\n\n" + _tabla_de_cuadricula(60) + "\n### Detalle\n\nMás.\n",
    # la leyenda antes de la tabla (pandoc la toma de ahí)
    "leyenda arriba": "# Uno\n\nTexto.\n\n# Dos\n\n: Tabla 1. Acuerdos\n\n" + _tabla_de_cuadricula(60) + "\n# Tres\n",
    # un título dentro de una celda de la mitad de abajo (niveles_de_titulo.lua también lo ve)
    "titulo en una celda": "# Uno\n\nTexto.\n\n# Dos\n\n" + _tabla_de_cuadricula(60).replace(
        "| Colima   | Coordinar el resguardo 45 ", "| ### Ti   | Coordinar el resguardo 45 ") + "\n# Tres\n",
    # una nota llamada en una celda y definida tras la tabla
    "nota": "# Uno\n\nTexto.\n\n# Dos\n\n" + _tabla_de_cuadricula(60, "[^n]") + "\n[^n]: La nota.\n\n# Tres\n",
}


@pytest.mark.parametrize("markdown", list(_TABLAS.values()), ids=list(_TABLAS))
def test_una_tabla_grande_se_lee_en_dos_mitades_y_da_el_mismo_arbol(markdown):
    """compilar parte el anexo de acuerdos (casi todo el trabajo de pandoc) entre los dos procesos que leen: el
    árbol, con la tabla unida otra vez, es el de leerlo entero."""
    import json

    from informe.convertir import LectorPorCapitulos, leer_markdown

    lector = LectorPorCapitulos(2)
    assert json.loads(lector(markdown)) == json.loads(leer_markdown(markdown))


def test_la_tabla_del_anexo_si_se_parte():
    import json

    from informe.convertir import LectorPorCapitulos

    lector = LectorPorCapitulos(2)
    arbol = json.loads(lector(_TABLAS["leyenda"]))
    (_, primera), (_, segunda) = lector.capitulos  # lo que leyó cada proceso de pandoc
    assert primera["blocks"][-1]["t"] == segunda["blocks"][0]["t"] == "Table"
    tabla = [b for b in arbol["blocks"] if b["t"] == "Table"]
    assert len(tabla) == 1 and len(tabla[0]["c"][4][0][3]) == 60  # una sola tabla, con sus 60 filas
    assert '"Acuerdos"' in json.dumps(tabla[0]["c"][1], ensure_ascii=False)  # con su leyenda


@pytest.mark.parametrize("datos,periodo", [(DEMO, "2024-03"), (RAIZ / "datos", "2024-04"),
                                           (RAIZ / "datos" / "vmre", "2023-12")], ids=["demo", "quinto", "vmre"])
def test_el_informe_leido_por_capitulos_es_el_mismo_arbol(datos, periodo, tmp_path):
    import json

    from informe.compilar import compilar
    from informe.convertir import LectorPorCapitulos, leer_markdown

    compilar(datos, periodo, tmp_path, ("md",))
    markdown = (tmp_path / f"informe-{periodo}.md").read_text(encoding="utf-8")
    entero = json.loads(leer_markdown(markdown))
    for grupos in (None, 2):
        lector = LectorPorCapitulos(grupos)
        assert json.loads(lector(markdown)) == entero
        assert len(lector.capitulos) == grupos if grupos else len(lector.capitulos) > 4  # sí se partió


@pytest.mark.parametrize("datos,periodo", [(DEMO, "2024-03"), (RAIZ / "datos", "2024-04"),
                                           (RAIZ / "datos" / "vmre", "2023-12")], ids=["demo", "quinto", "vmre"])
def test_el_arbol_de_cada_capitulo_sale_de_la_cache_y_es_el_mismo(datos, periodo, tmp_path, cache_propia,
                                                                   monkeypatch):
    """compilar guarda el árbol de pandoc de cada capítulo: la segunda vez no lee nada; tras editar un texto,
    solo su capítulo. El árbol es siempre el de leer el Markdown entero."""
    import json

    from informe import cache, convertir
    from informe.compilar import compilar

    compilar(datos, periodo, tmp_path, ("md",))
    markdown = (tmp_path / f"informe-{periodo}.md").read_text(encoding="utf-8")
    inicio = markdown.index("\n# ") + 3
    editado = markdown[:inicio] + "Cambio " + markdown[inicio:]
    leer = convertir.leer_markdown
    leidos: list[str] = []
    monkeypatch.setattr(convertir, "leer_markdown", lambda md: leidos.append(md) or leer(md))
    for texto, lecturas in ((markdown, None), (markdown, 0), (editado, None)):
        leidos.clear()
        lector = convertir.LectorPorCapitulos(2, cache=True)
        assert json.loads(lector(texto)) == json.loads(leer(texto))
        assert len(lector.capitulos) > 4  # sí se partió
        if lecturas is not None:
            assert len(leidos) == lecturas
    # solo el capítulo editado (en dos mitades si es grande)
    assert 1 <= len(leidos) <= 2 and any("Cambio " in md for md in leidos)
    # un árbol guardado que no es un árbol (otra versión, basura con firma válida) se vuelve a leer
    clave = lector.capitulos[1][0]
    cache.guardar_arbol(clave, b'{"blocks": "no"}')
    leidos.clear()
    assert json.loads(convertir.LectorPorCapitulos(2, cache=True)(editado)) == json.loads(leer(editado))
    assert len(leidos) == 1


@pytest.mark.parametrize("datos,periodo", [(DEMO, "2024-03"), (RAIZ / "datos", "2024-04"),
                                           (RAIZ / "datos", "2024-06"), (RAIZ / "datos" / "vmre", "2023-12")],
                         ids=["demo", "quinto", "septimo", "vmre"])
def test_el_typst_de_cada_capitulo_sale_de_la_cache_y_es_el_mismo(datos, periodo, tmp_path, cache_propia,
                                                                   monkeypatch):
    """compilar guarda el Typst de cada capítulo y el de la plantilla: la segunda vez pandoc no escribe nada;
    tras editar un texto, solo su capítulo. La fuente es siempre, byte a byte, la de escribirla de una vez."""
    from informe import convertir
    from informe.compilar import compilar
    from informe.familias import de_carpeta

    compilar(datos, periodo, tmp_path, ("md",))
    markdown = (tmp_path / f"informe-{periodo}.md").read_text(encoding="utf-8")
    inicio = markdown.rindex("\n# ") + 3
    editado = markdown[:inicio] + "Cambio " + markdown[inicio:]
    from informe.compilar import preparar_documento
    from informe.validar import validar_hasta

    familia = de_carpeta(datos)
    _, cargas = validar_hasta(datos, periodo, familia)
    ctx = preparar_documento(familia, familia.preparar(datos, periodo, cargas), periodo, tmp_path / "trabajo",
                             ("md", "pdf"), None).ctx
    escribir = convertir.desde_ast
    corridas: list[str] = []
    monkeypatch.setattr(convertir, "desde_ast", lambda ast, *a, **k: corridas.append(ast) or escribir(ast, *a, **k))
    for texto, escrituras in ((markdown, 2), (markdown, 0), (editado, 1)):
        ast = convertir.leer_markdown(texto)
        corridas.clear()
        assert convertir.markdown_a_typst(ast, ctx, por_capitulos=True) == escribir(
            ast, "typst", None, convertir._argumentos_typst(ctx), filtros=convertir.FILTROS_TYPST)
        assert len(corridas) == escrituras
    import re

    # solo el capítulo editado: un título de nivel 1, el suyo
    assert '"Cambio"' in corridas[0] and len(re.findall(r'"t": "Header", "c": \[1,', corridas[0])) == 1
