"""Un estatus es un registro (`seguridad/catalogos.py`): agregarlo en proceso.yaml, o al catálogo de base, lo
lleva a las frases del informe, su gráfica y texto alternativo, las tablas, la matriz de `diff` (fila y
columna), la exportación a Excel y la terminal; y en cada lugar sus cifras suman el total."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import DEMO, tabla_md, leer_md
from informe.seguridad import catalogos as cat

CANCELADO = """\
catalogos:
  estatus:
    Cancelado:
      orden: 3
      color: "#CC79A7"
      terminal: true
      singular: cancelado
      plural: cancelados
      abreviatura: Canc.
      estilo: magenta
      alias: [cancelada]
    Anulado: Cancelado
"""
# en marzo, tres JLE cancelan lo que tenían en planeación (acuerdos nuevos, seguimiento y medidas); en
# febrero, Oaxaca escribió «cancelada» (un alias) donde decía «En proceso»: filas y columnas de la matriz
CAMBIOS = {"2024-03/jle/colima.yaml": ("estatus: Planeación", "estatus: Cancelado"),
           "2024-03/jle/guerrero.yaml": ("estatus: Planeación", "estatus: Cancelado"),
           "2024-03/jle/jalisco.yaml": ("estatus: Planeación", "estatus: anulado"),
           "2024-02/jle/oaxaca.yaml": ("estatus: En proceso", "estatus: cancelada")}
ALIAS = {"cancelada": "Cancelado", "anulado": "Cancelado"}


def _demo(tmp_path: Path, proceso_extra: str = CANCELADO, cambios=CAMBIOS) -> Path:
    datos = tmp_path / "demo"
    shutil.copytree(DEMO, datos)
    with open(datos / "proceso.yaml", "a", encoding="utf-8") as f:
        f.write(proceso_extra)
    for ruta, (antes, despues) in cambios.items():
        archivo = datos / ruta
        archivo.write_text(archivo.read_text(encoding="utf-8").replace(antes, despues), encoding="utf-8")
    return datos


def _canonico(estatus):
    return ALIAS.get(estatus, estatus)


def _acuerdos_del_periodo(datos: Path, pid: str) -> Counter:
    """Los estatus de los acuerdos tomados en `pid`, leídos de los YAML sin pasar por informe."""
    conteo = Counter()
    for archivo in sorted((datos / pid / "jle").glob("*.yaml")):
        for a in yaml.safe_load(archivo.read_text(encoding="utf-8")).get("acuerdos") or []:
            conteo[_canonico(a.get("estatus")) or "Sin estatus"] += 1
    return conteo


def _suma_de_la_frase(frase: str) -> tuple[int, dict[str, int]]:
    """«de los cuales **37** se reportan en planeación, **51** en proceso, … y **4** cancelados; 1 no reporta
    estatus» → (suma de las cifras, {frase: cifra})."""
    lista, _, sin = frase.partition(";")
    elementos = re.split(r", | y ", " ".join(lista.split()))
    partes = {texto.removeprefix("se reportan "): int(n) for n, texto in
              (re.fullmatch(r"\*\*(\d+)\*\* (.+)", e).groups() for e in elementos)}
    sin = re.search(r"(\d+)\s+no reportan? estatus", sin)
    return sum(partes.values()) + (int(sin[1]) if sin else 0), partes


def test_un_estatus_de_proceso_yaml_llega_a_todas_las_salidas_y_sus_cifras_suman(tmp_path, correr, correr_json):
    datos = _demo(tmp_path)
    esperado = _acuerdos_del_periodo(datos, "2024-03")
    assert esperado["Cancelado"] == 4  # el fixture sí usa el estatus nuevo
    # el analista puede citar la cifra del estatus nuevo en su texto (validar la conoce)
    (datos / "2024-03" / "textos").mkdir()
    (datos / "2024-03" / "textos" / "acuerdos.md").write_text(
        'De ellos, {{ r.acuerdos.por_estatus["Cancelado"] }} se cancelaron por acuerdo de la mesa.\n',
        encoding="utf-8")

    codigo, validacion = correr_json("validar", datos, "--formato", "json")
    assert codigo == 0 and not [p for p in validacion["problemas"] if p["severidad"] == "error"]
    # el rango del estatus nuevo cuenta: de Cancelado a En proceso, el acuerdo retrocede
    assert any(p["codigo"] == "estatus-retroceso" and "«Cancelado»" in p["mensaje"] for p in validacion["problemas"])

    # resumen: una clave más, en el orden de avance, y la suma es el total
    codigo, resumen = correr_json("resumen", "--datos", datos, "--periodo", "2024-03", "--formato", "json")
    por_estatus = resumen["acuerdos"]["por_estatus"]
    assert list(por_estatus) == ["Planeación", "En proceso", "Concluido", "Cancelado", "Sin estatus"]
    assert por_estatus == {k: esperado[k] for k in por_estatus}
    assert sum(por_estatus.values()) == resumen["acuerdos"]["total"] == sum(esperado.values())
    anteriores = resumen["acuerdos_anteriores"]
    assert sum(anteriores["por_estatus"].values()) == anteriores["total"]
    for grupo in anteriores["arrastrados"]:
        assert sum(grupo["por_estatus"].values()) == grupo["total"]

    salida = tmp_path / "o"
    codigo, _, error = correr("compilar", "--datos", datos, "--periodo", "2024-03", "--salida", salida,
                              "--incluir-diff", "2024-02")
    assert codigo == 0, error
    md = leer_md(salida / "informe-2024-03.md")
    assert "De ellos, 4 se cancelaron por acuerdo de la mesa." in md

    # la frase del periodo: una cifra por estatus, con su plural, y suman el total que dice
    frase = re.search(r"se tomaron \*\*(\d+)\s+acuerdos\*\*, de los cuales (.+?)\.", md, re.S)
    total, partes = _suma_de_la_frase(frase[2])
    assert total == int(frase[1]) == resumen["acuerdos"]["total"]
    assert partes == {"en planeación": esperado["Planeación"], "en proceso": esperado["En proceso"],
                      "concluidos": esperado["Concluido"], "cancelados": 4}
    assert ", **21** concluidos y **4** cancelados;" in frase[2]  # «a, b y c»
    # las de los acuerdos anteriores: cada grupo suma lo que dice
    grupos = re.findall(r"(?:estatus de|De) (\d+)(?::|, según su último reporte, del [^)]*\),) (.+?)\.\n", md)
    assert len(grupos) == 3 and any("cancelado" in cifras for _, cifras in grupos), grupos
    for n, cifras in grupos:
        assert sum(int(x) for x in re.findall(r"(\d+) (?:están |estaban |se encuentran )?(?:en |concluid|cancelad)",
                                               cifras)) + sum(int(x) for x in re.findall(r"de (\d+) no se", cifras)) \
            == int(n), cifras

    # la gráfica: el texto alternativo dice cada barra, y suman el total
    alt = re.search(r'grafica3\.png\)\{#fig-grafica3 alt="([^"]+)"', md)[1]
    barras = {b.rsplit(" ", 1)[0]: int(b.rsplit(" ", 1)[1]) for b in alt.rstrip(".").split("; ")[1:]}
    assert barras == {k: v for k, v in por_estatus.items() if v or k != "Sin estatus"}
    assert f"estatus de {resumen['acuerdos']['total']} acuerdos" in alt
    assert (salida / "graficas-2024-03" / "grafica3.png").stat().st_size > 0

    # el Anexo 1: una fila por acuerdo, con su estatus como se reportó (sin estatus: la celda en blanco)
    filas = tabla_md(md, "Acuerdos alcanzados por entidad")
    assert Counter(f[-1] or "Sin estatus" for f in filas) == +esperado
    assert "Sin estatus" not in {f[-1] for f in filas}

    # la matriz del anexo de cambios: Cancelado es fila y columna, y cada total suma
    matriz = tabla_md(md, "Acuerdos por estatus en ambos cortes")
    encabezado = re.search(r"\| Al corte de febrero 2024 \|(.+)\|\n", md)[1]
    assert [c.strip() for c in encabezado.split("|")] == ["Planeación", "En proceso", "Concluido", "Cancelado",
                                                          "Sin estatus", "Desaparecido", "Total"]
    por_fila = {f[0]: [int(c.replace(",", "")) for c in f[1:]] for f in matriz}
    assert "Cancelado" in por_fila
    for fila, cifras in por_fila.items():
        assert sum(cifras[:-1]) == cifras[-1], fila
    assert [sum(c) for c in zip(*(v for k, v in por_fila.items() if k != "Total"))] == por_fila["Total"]
    assert por_fila["Nuevo"][3] == 4  # los nuevos de marzo, en la columna Cancelado

    # DOCX y PDF: la misma frase, la misma tabla, el mismo texto alternativo
    with zipfile.ZipFile(salida / "informe-2024-03.docx") as z:
        documento = z.read("word/document.xml").decode("utf-8")
    texto_docx = re.sub(r"<[^>]+>", "", documento)
    assert "21 concluidos y 4 cancelados" in re.sub(r"\s+", " ", texto_docx)
    assert f'descr="{alt}"' in documento
    assert texto_docx.count("Cancelado") >= 4 + 1 + 1  # filas del Anexo 1, encabezado y fila de la matriz
    from pypdf import PdfReader

    texto_pdf = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(salida / "informe-2024-03.pdf").pages)
    assert "21 concluidos y 4 cancelados" in texto_pdf
    assert "Cancelado" in texto_pdf

    # diff en JSON: fila y columna, los terminales cuentan como concluidos
    codigo, d = correr_json("diff", "--datos", datos, "--desde", "2024-02", "--hasta", "2024-03", "--formato", "json")
    assert list(d["matriz"]["Total"]) == ["Planeación", "En proceso", "Concluido", "Cancelado", "Sin estatus",
                                          "desaparecido", "Total"]
    assert list(d["matriz"]) == ["nuevo", "Planeación", "En proceso", "Concluido", "Cancelado", "Sin estatus",
                                 "Total"]
    # la fila: los que estaban cancelados al corte de febrero (acuerdos de febrero y seguimiento de enero)
    codigo, febrero = correr_json("acuerdos", "--datos", datos, "--periodo", "2024-02", "--formato", "json")
    assert d["matriz"]["Cancelado"]["Total"] == Counter(a["estatus"] for a in febrero["acuerdos"])["Cancelado"] > 0
    assert d["matriz"]["Total"]["Cancelado"] > 0
    for fila, valores in d["matriz"].items():
        assert sum(v for k, v in valores.items() if k != "Total") == valores["Total"], fila
    assert d["matriz"]["Total"]["Total"] == d["total"]
    cancelados = {m["id"] for m in d["acuerdos"] if m["estatus_hasta"] == "Cancelado"
                  and m["estatus_desde"] not in ("Cancelado", "Concluido")}
    assert cancelados and cancelados <= set(d["concluyeron"])
    assert not cancelados & set(d["sin_avance"])

    # Excel: una fila por acuerdo al corte; las de Cancelado son las que el JSON dice
    codigo, consulta = correr_json("acuerdos", "--datos", datos, "--periodo", "2024-03", "--formato", "json")
    conteo_json = Counter(a["estatus"] for a in consulta["acuerdos"])
    assert conteo_json["Cancelado"] > 0
    libro_ruta = tmp_path / "x.xlsx"
    codigo, _, error = correr("acuerdos", "--datos", datos, "--periodo", "2024-03", "--formato", "xlsx",
                              "--salida", libro_ruta)
    assert codigo == 0, error
    from openpyxl import load_workbook

    hoja = load_workbook(io.BytesIO(libro_ruta.read_bytes())).active
    columna = [c.value for c in hoja[1]].index("Estatus")
    conteo_xlsx = Counter(f[columna] for f in hoja.iter_rows(min_row=2, values_only=True))
    assert conteo_xlsx == conteo_json
    assert sum(conteo_xlsx.values()) == len(consulta["acuerdos"])
    # «pendientes» es lo no terminal: ni Concluido ni Cancelado
    codigo, pendientes = correr_json("acuerdos", "--datos", datos, "--periodo", "2024-03", "--estatus", "pendientes",
                                     "--formato", "json")
    assert {a["estatus"] for a in pendientes["acuerdos"]} == {"Planeación", "En proceso", "Sin estatus"} & set(conteo_json)
    assert len(pendientes["acuerdos"]) == sum(n for e, n in conteo_json.items() if e not in ("Concluido", "Cancelado"))


def test_la_plantilla_de_la_jle_y_su_esquema_ofrecen_el_estatus_del_proceso(tmp_path, correr):
    datos = _demo(tmp_path)
    codigo, _, error = correr("plantilla", "--datos", datos, "--periodo", "2024-03", "--entidad", "Colima",
                              "--salida", tmp_path / "p")
    assert codigo == 0, error
    plantilla = next((tmp_path / "p").glob("colima-*.yaml")).read_text(encoding="utf-8")
    assert "estatus: Planeación | En proceso | Concluido | Cancelado." in plantilla
    instrucciones = next((tmp_path / "p").glob("instrucciones-*.txt")).read_text(encoding="utf-8")
    assert "Planeación, En proceso, Concluido o Cancelado" in " ".join(instrucciones.split())
    esquema = json.loads((tmp_path / "p" / "jle.schema.json").read_text(encoding="utf-8"))
    estatus = esquema["properties"]["acuerdos"]["items"]["properties"]["estatus"]
    assert "Cancelado" in [s["body"] for s in estatus["defaultSnippets"]]
    assert re.match(estatus["pattern"], "CANCELADA") and re.match(estatus["pattern"], "anulado")
    assert estatus["description"] == "Estatus: Planeación, En proceso, Concluido o Cancelado."
    # los acuerdos cancelados ya no viajan en el seguimiento de la plantilla
    assert "COL-2024-03-001" not in plantilla
    # el formulario web los ofrece también: su bloque de datos sale de los mismos catálogos
    pagina = next((tmp_path / "p").glob("colima-*.html")).read_text(encoding="utf-8")
    datos_pagina = json.loads(re.search(r'<script type="application/json" id="datos">(.*?)</script>', pagina)[1])
    catalogo = datos_pagina["catalogos"]["estatus"]
    assert catalogo["valores"] == ["Planeación", "En proceso", "Concluido", "Cancelado"]
    assert catalogo["alias"]["anulado"] == "Cancelado" and catalogo["orden"]["Cancelado"] == 3
    assert "COL-2024-03-001" not in [a["id"] for a in datos_pagina["seguimiento"]]


MAL = """\
catalogos:
  estatus:
    Concluida:
      orden: 5
      color: "#000000"
      terminal: true
      singular: concluida
      plural: concluidas
      abreviatura: Cda.
    Cancelado:
      orden: 2
      colour: "#CC79A7"
      terminal: true
      plural: cancelados
      abreviatura: Cancelado
    Suspendido:
      orden: 4
      color: rosa
      terminal: quizá
      singular: suspendido
      plural: suspendidos
      abreviatura: Conc.
      estilo: "no es [un estilo"
    Total:
      orden: 6
      color: "#111111"
      terminal: false
      singular: total
      plural: totales
      abreviatura: Tot.
    Pausado:
      orden: 7
      color: "#222222"
      terminal: false
      singular: pausado
      plural: pausados
      abreviatura: Paus.
      alias: [en proceso]
    Terminado: Cerrado
"""


def test_un_catalogo_mal_extendido_da_sus_codigos_con_linea_y_columna(tmp_path, correr_json):
    datos = _demo(tmp_path, MAL, {})
    codigo, salida = correr_json("validar", datos / "proceso.yaml", "--formato", "json")
    assert codigo == 1
    problemas = {(p["linea"], p["codigo"]) for p in salida["problemas"]}
    inicio = (datos / "proceso.yaml").read_text(encoding="utf-8").splitlines().index("catalogos:") + 1

    def linea(texto: str, desde: int = 0) -> int:  # la línea (desde 1) de `texto` en el bloque de MAL
        return inicio + next(i for i, l in enumerate(MAL.splitlines()) if i >= desde and texto in l)

    esperados = {
        (linea("Concluida:"), "catalogo-duplicado"),  # ya es alias de Concluido
        (linea("orden: 2"), "catalogo-duplicado"),  # el orden de Concluido
        (linea("colour:"), "clave-desconocida"),
        (linea("orden: 2"), "campo-requerido"),  # falta singular (y color): el mapa empieza en su primera clave
        (linea("abreviatura: Cancelado"), "catalogo-invalido"),  # no cabe en la tabla de diff
        (linea("color: rosa"), "catalogo-invalido"),
        (linea("terminal: quizá"), "tipo-invalido"),
        (linea("abreviatura: Conc."), "catalogo-duplicado"),  # la de Concluido
        (linea("estilo:"), "catalogo-invalido"),
        (linea("Total:"), "catalogo-invalido"),  # ya es la fila y la columna de los totales en diff
        (linea("alias: [en proceso]"), "catalogo-duplicado"),
        (linea("Terminado: Cerrado"), "estatus-desconocido"),
    }
    assert esperados <= problemas, sorted(esperados - problemas)
    mensajes = " ".join(p["mensaje"] for p in salida["problemas"])
    assert "«Concluida» ya es el estatus «Concluido»" in mensajes
    assert "no es un color #RRGGBB" in mensajes
    assert all(p["columna"] for p in salida["problemas"] if p["codigo"].startswith("catalogo-"))


def test_un_estatus_agregado_al_catalogo_de_base_basta(tmp_path, correr, correr_json, monkeypatch):
    """La otra mitad del «un solo lugar»: un registro más en `catalogos.ESTATUS_REGISTROS`, sin tocar nada
    más (ni proceso.yaml), llega a la lectura, la frase, la gráfica, el anexo y la matriz de diff."""
    monkeypatch.setattr(cat, "ESTATUS_REGISTROS", (*cat.ESTATUS_REGISTROS, cat.Estatus(
        "Suspendido", 3, "#D55E00", False, "suspendido", "suspendidos", "Susp.", "bright_red", ("en pausa",))))
    cambios = {"2024-03/jle/colima.yaml": ("estatus: Planeación", "estatus: Suspendido"),
               "2024-02/jle/colima.yaml": ("estatus: Planeación", "estatus: en pausa")}
    datos = _demo(tmp_path, "", cambios)
    salida = tmp_path / "o"
    codigo, _, error = correr("compilar", "--datos", datos, "--periodo", "2024-03", "--salida", salida,
                              "--formato", "md", "--incluir-diff", "2024-02")
    assert codigo == 0, error
    md = leer_md(salida / "informe-2024-03.md")
    frase = re.search(r"se tomaron \*\*(\d+)\s+acuerdos\*\*, de los cuales (.+?)\.", md, re.S)
    total, partes = _suma_de_la_frase(frase[2])
    assert total == int(frase[1])
    assert partes["suspendidos"] == 2
    assert "Suspendido" in [f[0] for f in tabla_md(md, "Acuerdos por estatus en ambos cortes")]
    codigo, d = correr_json("diff", "--datos", datos, "--desde", "2024-02", "--hasta", "2024-03", "--formato", "json")
    assert d["matriz"]["Suspendido"]["Total"] > 0 and d["matriz"]["Total"]["Suspendido"] > 0
    # no terminal: lo que sigue suspendido no se cuenta como concluido
    assert not {m["id"] for m in d["acuerdos"] if m["estatus_hasta"] == "Suspendido"} & set(d["concluyeron"])


def test_las_frases_por_estatus_dicen_la_lista_en_espanol():
    from informe.lengua import enumerar

    assert enumerar(["a"]) == "a"
    assert enumerar(["a", "b", "c"]) == "a, b y c"
    assert enumerar(["Planeación", "En proceso", "Concluido"], "o") == "Planeación, En proceso o Concluido"
    assert enumerar(["logística", "otros"], "o") == "logística u otros"
    assert enumerar(["seguridad", "investigación"]) == "seguridad e investigación"
    assert enumerar(["agua", "hielo"]) == "agua y hielo"


def test_las_listas_de_entidades_de_las_plantillas_tambien():
    # el filtro lista_es de las plantillas (JLE no instaladas, entidades principales de VMRE) usa la misma regla
    from informe.renderizar import entorno

    plantilla = entorno().from_string("{{ ['Colima', 'Hidalgo'] | lista_es }}; {{ ['Sonora', 'Jalisco'] | lista_es }}")
    assert plantilla.render() == "Colima e Hidalgo; Sonora y Jalisco"


@pytest.mark.parametrize("orden", ["diff", "acuerdos", "estado"])
def test_con_cinco_estatus_la_terminal_cabe_en_80_columnas(tmp_path, orden):
    """Las tablas de la terminal abrevian cada estatus con su registro: con uno más siguen en 80 columnas."""
    from typer.testing import CliRunner

    from informe.cli import app

    datos = _demo(tmp_path)
    argumentos = {"diff": ["diff", "--desde", "2024-02", "--hasta", "2024-03"],
                  "acuerdos": ["acuerdos", "--periodo", "2024-03", "--entidad", "Colima"],
                  "estado": ["estado", "--periodo", "2024-03", "--todas"]}[orden]
    r = CliRunner().invoke(app, [*argumentos, "--datos", str(datos)], env={"COLUMNS": "80", "TERM": "dumb"})
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert max(len(linea) for linea in r.stdout.splitlines()) <= 80
    if orden == "diff":
        assert "Canc." in r.stdout and "Canc.: Cancelado" in " ".join(r.stdout.split())
    if orden == "acuerdos":
        assert "Cancelado" in r.stdout
