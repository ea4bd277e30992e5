"""La maqueta del PDF y del DOCX en páginas (issue 32): notas al pie en la página de su llamada, filas de
tabla que no se parten, títulos y leyendas sin una palabra sola en su último renglón, la fila «Total» con la
anterior, tablas que no empiezan con menos de tres filas al pie de una página, y direcciones que se parten
solo en / . - ? con la capa de texto intacta.

Cada prueba compone un Markdown pequeño con el mismo camino que `compilar` (árbol común de pandoc →
plantilla de Typst y sus filtros → PDF/A-2a + PDF/UA-1; o → DOCX y `docx_formato`) y lee el resultado:
el texto de cada página (pypdf) o el OOXML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from informe.familias import Contexto, Portada


@dataclass
class _Resumen:
    periodo: str = "2024-04"
    inicio: date = date(2024, 4, 1)
    fin: date = date(2024, 4, 30)

    def como_json(self) -> dict:
        return {"periodo": self.periodo}


def _ctx() -> Contexto:
    return Contexto(r=_Resumen(), titulo="Informe de prueba", titulo_corto="Prueba",
                    proceso=Portada("Proceso de prueba", "Instituto Nacional Electoral", "DEOE"), indice=False)


def _typst(markdown: str) -> str:
    from informe.convertir import leer_markdown, markdown_a_typst

    return markdown_a_typst(leer_markdown(markdown), _ctx())


def _paginas(markdown: str, tmp_path: Path) -> list[str]:
    """El texto de cada página del PDF que compila `markdown` (la portada es la página 1)."""
    from pypdf import PdfReader

    from informe.convertir import typst_a_pdf

    destino = tmp_path / "x.pdf"
    typst_a_pdf(_typst(markdown), destino, tmp_path, _ctx())
    return [p.extract_text() for p in PdfReader(destino).pages]


def _relleno(n: int, semilla: str = "relleno") -> str:
    palabras = ("La Junta Local Ejecutiva informó a su Mesa de Coordinación las medidas de seguridad que "
                "acordó con las autoridades estatales para el traslado de la documentación electoral.").split()
    return " ".join(f"{semilla}{i}" if i % 17 == 0 else palabras[i % len(palabras)] for i in range(n))


def _docx(markdown: str, tmp_path: Path):
    import docx

    from informe.convertir import desde_ast, leer_markdown
    from informe.docx_formato import dar_formato

    crudo = tmp_path / "pandoc.docx"
    desde_ast(leer_markdown(markdown), "docx", crudo, [])
    destino = tmp_path / "x.docx"
    destino.write_bytes(dar_formato(crudo, _ctx(), datetime(2024, 4, 30)))
    return docx.Document(str(destino))


# =========================================================================== 1. notas al pie

@pytest.mark.parametrize("antes", [524, 536, 542, 548, 560])  # de 536 a 548 fallaba sin paginas.lua
def test_la_nota_al_pie_va_en_la_pagina_de_su_llamada(tmp_path, antes):
    """Un párrafo de tres renglones con una nota al pie cerca del final de una página: Typst lo pasaba entero
    a la página siguiente (control de huérfanas) y dejaba la nota en la anterior (la nota 3 del Quinto)."""
    markdown = (f"# Capítulo\n\n{_relleno(antes)}\n\n"
                f"Del 14 de marzo al 19 de abril, las Juntas participaron en 87 reuniones llamadaunica[^n] "
                f"{_relleno(30, 'tras')}\n\n[^n]: Textodelanota: se incluye una reunión reportada tarde.\n\n"
                f"{_relleno(300, 'final')}\n")
    paginas = _paginas(markdown, tmp_path)
    con_llamada = [i for i, p in enumerate(paginas) if "llamadaunica" in p]
    con_nota = [i for i, p in enumerate(paginas) if "Textodelanota" in p]
    assert len(con_llamada) == 1 and con_llamada == con_nota


def test_solo_el_parrafo_con_nota_pierde_el_control_de_huerfanas():
    typst = _typst("Uno sin nota.\n\nOtro con nota[^a].\n\n[^a]: La nota.\n")
    assert typst.count("costs: (orphan: 0%, widow: 0%)") == 1
    bloque = typst[typst.index("costs: (orphan"):]
    assert bloque.index("Otro con nota") < bloque.index("]\n")


# =========================================================================== 2. filas que no se parten

def _tabla_de_entidades(filas: list[tuple[str, str]]) -> str:
    cuerpo = "\n".join(f"| {e} | {t} |" for e, t in filas)
    return f"| Entidad | Acuerdo |\n|---------|-----------------------------|\n{cuerpo}\n\nTable: Tabla 1. Acuerdos\n"


def _filas_por_pagina(paginas: list[str], marcas: list[str]) -> dict[str, list[int]]:
    return {m: [i for i, p in enumerate(paginas) if m in p] for m in marcas}


def test_ninguna_fila_de_tabla_queda_en_dos_paginas(tmp_path):
    """Con filas de seis renglones, alguna cae al pie de una página: entera en una u otra, nunca partida
    (la continuación dejaba vacía la celda de Entidad)."""
    filas = [(f"Edo{i:02d}", f"inicio{i}x " + _relleno(60, f"medio{i}x") + f" fin{i}x") for i in range(14)]
    paginas = _paginas("# Acuerdos\n\n" + _relleno(200) + "\n\n" + _tabla_de_entidades(filas), tmp_path)
    assert len(paginas) >= 3
    for i in range(14):
        donde = _filas_por_pagina(paginas, [f"Edo{i:02d}", f"inicio{i}x", f"fin{i}x"])
        assert len(donde[f"Edo{i:02d}"]) == 1 and donde[f"inicio{i}x"] == donde[f"fin{i}x"] == donde[f"Edo{i:02d}"]


def test_una_fila_mas_alta_que_una_pagina_se_imprime_completa(tmp_path):
    """Una fila que no cabe en una página entera se parte (sin partirse, Typst la recorta y se pierde texto)."""
    larga = " ".join(f"palabra{i}" for i in range(1600))
    paginas = _paginas("# Acuerdos\n\n" + _tabla_de_entidades([("Colima", "corta"), ("Jalisco", larga),
                                                                  ("Nayarit", "otra")]), tmp_path)
    texto = " ".join(paginas)
    assert all(f"palabra{i}" in texto for i in (0, 800, 1599))
    assert "Nayarit" in texto
    typst = _typst(_tabla_de_entidades([("Colima", "corta"), ("Jalisco", larga)]))
    assert "table.cell(breakable: false)[Colima]" in typst and "table.cell(breakable: false)[corta]" in typst
    assert "[Jalisco]" in typst and "table.cell(breakable: false)[Jalisco]" not in typst  # esta puede partirse


def test_el_docx_no_parte_filas_salvo_la_mas_alta_que_una_pagina(tmp_path):
    from docx.oxml.ns import qn

    larga = " ".join(f"palabra{i}" for i in range(1600))
    doc = _docx(_tabla_de_entidades([("Colima", "corta"), ("Jalisco", larga), ("Nayarit", "otra")]), tmp_path)
    filas = doc.tables[0].rows
    partibles = [f.cells[0].text for f in filas if f._tr.trPr is None or f._tr.trPr.find(qn("w:cantSplit")) is None]
    assert partibles == ["Jalisco"]


# =========================================================================== 3. títulos y leyendas

_LEYENDA = "Tabla 2. Reuniones de la Mesa de Seguridad Electoral y puntos del INE con las Juntas Locales Ejecutivas"


def test_titulo_y_leyenda_no_terminan_con_una_palabra_sola(tmp_path):
    """El título del anexo del Séptimo dejaba «2024”» solo en su segundo renglón; esta leyenda, «Ejecutivas»."""
    markdown = ("# Reuniones 2024, Mesa de Seguridad Electoral “Jornada Electoral 2024”\n\nTexto.\n\n"
                f"| Entidad | Acuerdo |\n|---|---|\n| Colima | Uno |\n\nTable: {_LEYENDA}\n")
    renglones = [r.strip() for r in _paginas(markdown, tmp_path)[1].splitlines()]
    assert "Electoral 2024”" in renglones and "Locales Ejecutivas" in renglones
    assert not {"2024”", "Ejecutivas"} & set(renglones)
    # en el DOCX, con un espacio duro; en el PDF no (pasaría a sus marcadores)
    assert "~" not in _typst(markdown).split("#outline")[-1].split("Texto.")[0]
    doc = _docx(markdown, tmp_path)
    titulo = next(p for p in doc.paragraphs if p.style.name == "Heading 1")
    leyenda = next(p for p in doc.paragraphs if p.style.name == "Table Caption")
    assert titulo.text.endswith("Electoral\u00a02024”") and leyenda.text.endswith("Locales\u00a0Ejecutivas")
    dos_palabras = _docx("# 1. Presentación\n\nTexto.\n", tmp_path)
    assert [p.text for p in dos_palabras.paragraphs if p.style.name == "Heading 1"] == ["1. Presentación"]


# =========================================================================== 4. Total y comienzo de tabla

def _tabla_con_total(n: int) -> str:
    filas = "\n".join(f"| Fila{i} | {i * 10} |" for i in range(n))
    return (f"| Resultado | Llamadas |\n|-----------|---------:|\n{filas}\n| Total | {sum(range(n)) * 10} |\n\n"
            "Table: Tabla 3. Llamadas\n")


@pytest.mark.parametrize("antes", [80, 88, 96, 104])  # con 88 y 96 palabras antes quedaba sola
def test_la_fila_total_no_empieza_sola_una_pagina(tmp_path, antes):
    paginas = _paginas(f"# Llamadas\n\n{_relleno(antes)}\n\n{_tabla_con_total(30)}", tmp_path)
    total = [i for i, p in enumerate(paginas) if re.search(r"^Total", p, re.M)]
    anterior = [i for i, p in enumerate(paginas) if "Fila29" in p]
    assert total == anterior


@pytest.mark.parametrize("antes", range(380, 560, 15))
def test_una_tabla_no_empieza_al_pie_con_menos_de_tres_filas(tmp_path, antes):
    paginas = _paginas(f"# Llamadas\n\n{_relleno(antes)}\n\n{_tabla_con_total(30)}", tmp_path)
    leyenda = next(i for i, p in enumerate(paginas) if re.search(r"Tabla 3\.\s+Llamadas", p))
    assert all(f"Fila{k}" in paginas[leyenda] for k in range(3))


@pytest.mark.parametrize("antes", range(380, 560, 20))
def test_una_tabla_corta_no_se_parte(tmp_path, antes):
    """Una tabla de cuatro filas o menos (aquí tres y el Total) no se parte: va entera a la página siguiente."""
    paginas = _paginas(f"# Llamadas\n\n{_relleno(antes)}\n\n{_tabla_con_total(3)}", tmp_path)
    leyenda = next(i for i, p in enumerate(paginas) if re.search(r"Tabla 3\.\s+Llamadas", p))
    assert all(f"Fila{k}" in paginas[leyenda] for k in range(3)) and re.search(r"^Total", paginas[leyenda], re.M)


def test_el_docx_conserva_el_total_con_la_anterior_y_tres_filas_con_la_leyenda(tmp_path):
    doc = _docx(_tabla_con_total(12), tmp_path)
    filas = doc.tables[0].rows

    def junta(fila) -> bool:
        return all(p.paragraph_format.keep_with_next for c in fila.cells for p in c.paragraphs)

    # encabezado y dos primeras filas con la siguiente (tres filas con la leyenda); la penúltima con el total
    assert [junta(f) for f in filas] == [True, True, True] + [False] * 9 + [True, False]


# =========================================================================== 5. direcciones

_URL = "https://www.facebook.com/INEMexico/posts/pfbid0kB1om4pPPFen9YLF8tiCk"
_URL2 = "https://centralelectoral.ine.mx/2023/11/28/un-millon-482-mil-447-mexicanas-y-mexicanos-pueden-votar-ya/"


def _tabla_de_vinculos() -> str:
    return ("| Tema | Red social | Fecha | Enlace | Impresiones |\n|------------|-------|-------|-------|------:|\n"
            f"| Credencialización | Facebook | 17/11/2023 | [facebook.com]({_URL}) | 3,189 |\n"
            f"| Boletín | Central | 28/11/2023 | [centralelectoral]({_URL2}) | 10,707 |\n\n"
            "Table: Tabla 4. Pauta orgánica\n")


def test_una_direccion_se_copia_del_pdf_tal_como_se_escribio(tmp_path):
    """La capa de texto lleva la dirección sin espacios de ancho cero (U+200B): copiarla da la dirección."""
    paginas = _paginas(f"# Pauta\n\nVéase <{_URL2}> en el texto.\n\n{_tabla_de_vinculos()}", tmp_path)
    texto = "".join(paginas)
    assert "\u200b" not in texto
    sin_renglones = re.sub(r"\s+", "", texto)
    assert sin_renglones.count(_URL) == 1 and sin_renglones.count(_URL2) == 2


def test_una_direccion_se_parte_solo_en_sus_separadores(tmp_path):
    """En una columna de vínculos, cada renglón de una dirección termina en / . - o ? (o es su final), sin el
    guion repetido al principio del renglón siguiente (la regla del español)."""
    texto = _paginas(f"# Pauta\n\n{_tabla_de_vinculos()}", tmp_path)[1]
    for url, despues in ((_URL, "3,189"), (_URL2, "10,707")):
        inicio = texto.index(url[:20])
        pedazos = [p for p in texto[inicio:texto.index(despues, inicio)].split("\n") if p]
        assert "".join(pedazos) == url and len(pedazos) > 1
        assert all(p[-1] in "/.-?" for p in pedazos[:-1])


def test_la_columna_de_vinculos_se_ensancha_hasta_su_tramo_mas_largo():
    typst = _typst(_tabla_de_vinculos())
    columnas = re.search(r"columns: \(([^)]*)\)", typst)[1]
    anchos = [float(a.strip(" %")) for a in columnas.split(",") if a.strip()]
    # «pfbid0kB1om4pPPFen9YLF8tiCk» (27 caracteres, 102.7 pt en letra de 7 pt) y el margen de la celda,
    # tomados de las columnas a las que les sobra ancho sobre su palabra más ancha
    assert anchos[3] * 4.7 >= 102.7 + 10 and abs(sum(anchos) - 100) < 0.1
    assert "show link: set text(size: 7.0pt)" in typst


def test_el_docx_ensancha_la_columna_de_vinculos_y_achica_su_letra(tmp_path):
    from docx.oxml.ns import qn

    tabla = _docx(_tabla_de_vinculos(), tmp_path).tables[0]
    anchos = [int(c.get(qn("w:w"))) for c in tabla._tbl.tblGrid.findall(qn("w:gridCol"))]
    # el tramo «pfbid0kB1om4pPPFen9YLF8tiCk»: 102.7 pt en 7 pt, más los márgenes de la celda (11 pt)
    assert anchos[3] / sum(anchos) * 470 >= 102.7 + 11
    tamanos = {e.get(qn("w:val")) for v in tabla._tbl.iter(qn("w:hyperlink")) for e in v.iter(qn("w:sz"))}
    assert tamanos == {"14"}
    assert [r.cells[3].text.replace("\u200b", "") for r in tabla.rows[1:]] == [_URL, _URL2]


def test_una_direccion_en_una_nota_al_pie_se_parte_en_un_separador(tmp_path):
    """La nota 1 del Quinto: «Consultable en: <dirección>», partida a media palabra en la lectura del issue 32."""
    url = _URL2 + "comunicado-completo-del-instituto-nacional-electoral.html"
    texto = _paginas(f"# Nota\n\nUna llamada[^u].\n\n[^u]: Consultable en: <{url}>\n", tmp_path)[1]
    inicio = texto.index("https://centralelectoral")
    pedazos = texto[inicio:texto.index("Página", inicio)].split("\n")
    pedazos = [p for p in pedazos if p]
    assert "".join(pedazos) == url and len(pedazos) == 2 and pedazos[0][-1] in "/.-?"


def test_una_nota_en_una_lista_o_en_una_celda_tambien_pierde_el_control_de_huerfanas():
    typst = _typst("# A\n\n- uno con nota[^a] y más\n- dos\n\n| x | y |\n|---|---|\n| celda[^b] | z |\n\n"
                   "[^a]: Nota a.\n[^b]: Nota b.\n")
    cuerpo = typst.split("#outline")[-1]
    antes_de_la_lista = cuerpo[:cuerpo.index("uno con nota")]
    assert antes_de_la_lista.rstrip().endswith("#[#set text(costs: (orphan: 0%, widow: 0%))")
    assert cuerpo.count("costs: (orphan: 0%, widow: 0%)") == 3  # la lista, la celda y su copia medida


def test_los_anchos_de_letra_son_los_de_la_fuente_del_pdf():
    """`informe/metricas.py` copia los avances de Liberation Sans (la métrica de Arial): si la fuente del
    paquete cambia, la tabla se regenera (el docstring del módulo dice cómo)."""
    from fontTools.ttLib import TTFont

    from informe import metricas

    for nombre, tabla in (("Regular", metricas.NORMAL), ("Bold", metricas.NEGRITAS)):
        fuente = TTFont(Path(__file__).resolve().parent.parent / "plantillas" / "fuentes" /
                        f"LiberationSans-{nombre}.ttf")
        mapa, avances, em = fuente.getBestCmap(), fuente["hmtx"], fuente["head"].unitsPerEm
        for i, ancho in enumerate(tabla):
            punto = metricas.PRIMERO + i
            if punto in mapa:
                assert ancho == round(avances[mapa[punto]][0] * 1000 / em), hex(punto)
    # la copia en Lua de plantillas/paginas.lua (el filtro no puede importar Python) dice lo mismo
    lua = (Path(__file__).resolve().parent.parent / "plantillas" / "paginas.lua").read_text(encoding="utf-8")
    tabla_lua = lua[lua.index("for c, w in pairs({"):lua.index("}) do")]
    pares = re.findall(r'(?:\["(.)"\]|\b(\w)) = (\d+)', tabla_lua)
    assert len(pares) == 64
    assert {a or b: int(w) for a, b, w in pares} == {a or b: metricas.NORMAL[ord(a or b) - metricas.PRIMERO]
                                                     for a, b, _ in pares}


def test_un_encabezado_en_mayusculas_se_mide_por_su_letra_no_por_sus_caracteres():
    """«INETEL» en negritas ocupa 3.6 em; contado como seis caracteres medios (3.3 em) cabía en una columna
    donde el PDF lo pegaba al borde. Medido con la letra, su columna se ensancha; «Total», no."""
    from informe.renderizar import CARACTERES_PAGINA, tabla

    md = tabla(["Entidad", "INETEL", "Total", "Texto"], [["Colima", "84", "288", "Una frase larga " * 6]],
               [14, 6, 6, 60])
    anchos = [len(c) for c in md.split("\n")[0].strip("+").split("+")]
    inetel, total = anchos[1] - 2, anchos[2] - 2  # sin los dos espacios de relleno del Markdown
    assert inetel * CARACTERES_PAGINA >= (3.556 / 0.556 + 2) * sum(a - 2 for a in anchos)
    assert total == 6


# =========================================================================== 6. la nota de una tabla

def _con_nota(tabla: str) -> str:
    return tabla + "\n::: nota-tabla\n\\* Notaunica: fecha corregida; la fuente publicó otra.\n:::\n\nDespués de la tabla.\n"


@pytest.mark.parametrize("antes", range(380, 560, 30))
def test_la_nota_de_una_tabla_va_en_la_pagina_de_su_ultima_fila(tmp_path, antes):
    """La nota de la Octava quedaba sola en la página 12 del Séptimo: ahora es la última fila del pie de la
    tabla, que Typst compone entera en una página, y no se repite en las páginas anteriores."""
    paginas = _paginas(f"# Llamadas\n\n{_relleno(antes)}\n\n{_con_nota(_tabla_con_total(30))}", tmp_path)
    con_nota = [i for i, p in enumerate(paginas) if "Notaunica" in p]
    total = [i for i, p in enumerate(paginas) if re.search(r"^Total", p, re.M)]
    assert len(con_nota) == 1 and con_nota == total == [i for i, p in enumerate(paginas) if "Fila29" in p]


def test_la_nota_de_una_tabla_sin_total_lleva_consigo_la_ultima_fila(tmp_path):
    filas = [(f"Edo{i:02d}", f"inicio{i}x " + _relleno(40, f"medio{i}x")) for i in range(12)]
    typst = _typst(_con_nota(_tabla_de_entidades(filas)))
    pie = typst[typst.rindex("table.footer("):]
    assert "Edo11" in pie and "Notaunica" in pie and "Edo10" not in pie
    # en el DOCX y la página web la nota sigue siendo un párrafo tras la tabla
    documento = _docx(_con_nota(_tabla_de_entidades(filas)), tmp_path)
    assert any(p.text.startswith("* Notaunica") for p in documento.paragraphs)


def test_la_celda_de_la_nota_se_escribe_igual_en_cada_corrida():
    """Sus atributos iban en una tabla de Lua, cuyo orden cambia de una corrida a otra (y con él los bytes
    del PDF): ahora, una lista de pares."""
    fuentes = {_typst(_con_nota(_tabla_con_total(3))) for _ in range(6)}
    assert len(fuentes) == 1
    assert "stroke: (left: none, right: none, bottom: none), inset: (x: 0pt, top: 6pt, bottom: 0pt))" in fuentes.pop()
