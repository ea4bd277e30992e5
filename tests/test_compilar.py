"""`informe compilar` y `informe resumen`: cifras, Markdown y plantillas.

Archivos dorados: tests/dorados/. Tras revisar a mano un cambio intencional:
    INFORME_REGENERAR=1 python -m pytest tests/test_compilar.py
y revise el diff de git antes de hacer commit.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from informe.seguridad.agregar import porcentajes, resumir
from informe.seguridad.catalogos import BASE
from informe.seguridad.almacen import cargar_datos
from informe.renderizar import md, rango_fechas
from conftest import DEMO, RAIZ, escribir, tabla_md, leer_md

DORADOS = Path(__file__).parent / "dorados"


@pytest.mark.parametrize("periodo", ["2024-02", "2024-03"])
def test_markdown_dorado_de_la_demo(correr, tmp_path, periodo):
    codigo, salida, error = correr("compilar", "--periodo", periodo, "--datos", DEMO, "--salida", tmp_path,
                                   "--formato", "md")
    assert codigo == 0, error
    obtenido = (tmp_path / f"informe-{periodo}.md").read_text(encoding="utf-8")
    dorado = DORADOS / f"informe-{periodo}.md"
    if os.environ.get("INFORME_REGENERAR"):
        dorado.parent.mkdir(exist_ok=True)
        dorado.write_text(obtenido, encoding="utf-8")
    assert obtenido == dorado.read_text(encoding="utf-8")


def test_cifras_de_la_demo_en_el_markdown():
    datos = cargar_datos(DEMO)
    r = resumir(datos.periodos, "2024-02")
    acuerdos = [a for i in datos.periodos["2024-02"].jle.values() for a in i.acuerdos]
    assert r.acuerdos["total"] == len(acuerdos) == sum(len(g.filas) for g in r.anexo_acuerdos)
    assert sum(r.acuerdos["por_estatus"].values()) == r.acuerdos["total"]
    for estatus in BASE.claves():
        assert sum(e["por_estatus"][estatus] for e in r.acuerdos["por_entidad"].values()) == \
            r.acuerdos["por_estatus"][estatus]
    assert sum(r.temas["porcentajes"].values()) == pytest.approx(100.0, abs=1e-9)
    reuniones = [x for i in datos.periodos["2024-02"].jle.values() for x in (i.reuniones or [])]
    assert r.reuniones["total"] == len(reuniones)
    assert r.reuniones["asistentes_min"] == min(x.asistentes for x in reuniones)
    # los acuerdos del periodo anterior, con su estatus a este corte, más el saldo_anterior del periodo
    previos = len([a for i in datos.periodos["2024-01"].jle.values() for a in i.acuerdos])
    # más los 20 del saldo_anterior de 2024-01, que 2024-02 no actualiza: se cuentan con su último
    # estatus reportado (el de 2024-01) y no desaparecen del total
    assert r.acuerdos_anteriores["total"] == previos + 4 + 7 + 9
    assert [g["periodo"] for g in r.acuerdos_anteriores["arrastrados"]] == ["2024-01"]
    assert r.mesas["no_instaladas"] == [] and r.mesas["instaladas"] == 32
    r1 = resumir(datos.periodos, "2024-01")
    assert r1.mesas["no_instaladas"] == ["Veracruz"]
    assert r1.acuerdos_anteriores["total"] == 4 + 7 + 9  # solo el saldo_anterior del primer periodo


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=8))
def test_porcentajes_suman_exactamente_100(conteos):
    claves = [f"k{i}" for i in range(len(conteos))]
    p = porcentajes(dict(zip(claves, conteos)))
    if sum(conteos) == 0:
        assert set(p.values()) == {0.0}
    else:
        assert round(sum(p.values()), 1) == 100.0
        assert all(round(v, 1) == v for v in p.values())
        for k, n in zip(claves, conteos):  # cada porcentaje está a menos de 0.1 del exacto
            assert abs(p[k] - 100 * n / sum(conteos)) < 0.1 + 1e-9


def test_porcentajes_del_quinto():
    # Las proporciones del Quinto informe: 38.4 / 21.6 / 3.4 / 36.6 con 1000 temas hipotéticos
    p = porcentajes({"inseguridad": 384, "logística": 216, "problemas sociales": 34, "otros": 366})
    assert p == {"inseguridad": 38.4, "logística": 21.6, "problemas sociales": 3.4, "otros": 36.6}


def test_fechas_y_numeros_en_espanol():
    assert rango_fechas(date(2024, 3, 14), date(2024, 4, 23)) == "del 14 de marzo al 23 de abril de 2024"
    assert rango_fechas(date(2023, 12, 24), date(2024, 1, 23)) == "del 24 de diciembre de 2023 al 23 de enero de 2024"
    from informe.renderizar import numero

    assert numero(1709) == "1,709" and numero(None) == "no reportado"


def test_resumen_json_del_quinto(correr_json):
    codigo, j = correr_json("resumen", "--periodo", "5", "--datos", RAIZ / "datos", "--formato", "json")
    assert codigo == 0
    assert (j["periodo"], j["numero"]) == ("2024-04", 5)
    assert j["federal"]["reuniones"] == 5
    assert j["solicitudes"] == {"recibidas": 310, "sspc": 293, "opl": 17}
    assert j["acuerdos_anteriores"]["total"] == 147
    assert j["acuerdos_anteriores"]["por_estatus"] == {"Planeación": 31, "En proceso": 50, "Concluido": 66,
                                                      "Sin estatus": 0}
    # Las cifras estatales del Quinto solo existen en agregado: se presentan las publicadas y no se inventan filas
    assert j["corte_estatal"] == "2024-04-19"
    assert (j["reuniones"]["total"], j["reuniones"]["entidades"], j["reuniones"]["fuente"]) == (87, 28, "publicado")
    assert (j["reuniones"]["asistentes_min"], j["reuniones"]["asistentes_max"]) == (1, 62)
    assert j["reuniones"]["por_entidad"] == {} and j["reuniones"]["asistentes"] == []
    assert j["temas"]["total"] is None
    assert j["temas"]["porcentajes"] == {"inseguridad": 38.4, "logística": 21.6, "problemas sociales": 3.4, "otros": 36.6}
    assert j["acuerdos"]["total"] == 87 and j["acuerdos"]["fuente"] == "publicado"
    assert j["acuerdos"]["por_estatus"] == {"Planeación": 23, "En proceso": 46, "Concluido": 18, "Sin estatus": 0}
    assert (j["mesas"]["instaladas"], j["mesas"]["no_instaladas"]) == (31, ["Veracruz"])
    assert set(j["acuerdos"]) == {"total", "por_estatus", "por_entidad", "fuente"}
    assert set(j["acuerdos"]["por_estatus"]) == {"Planeación", "En proceso", "Concluido", "Sin estatus"}


def _datos_minimos(tmp_path: Path, acuerdo: str = "Uno", extra: str = "") -> Path:
    datos = tmp_path / "datos"
    escribir(datos / "proceso.yaml", "nombre: Proceso de Prueba\ninstitucion: Instituto Nacional Electoral\n"
                                     "area: DEOE\n")
    escribir(datos / "2024-05" / "periodo.yaml", "numero: 6\ninicio: 2024-04-24\nfin: 2024-05-21\n")
    escribir(datos / "2024-05" / "jle" / "col.yaml",
             f"entidad: Colima\nperiodo: 2024-05\nacuerdos:\n  - descripcion: {acuerdo}\n    estatus: Concluido\n" + extra)
    return datos


ESPECIAL = "a | b *c* _d_ #e <f> $g$ @h [i] `j` \\k\n- guion\n1. lista"


def test_texto_especial_sale_literal(correr, tmp_path):
    import json as _json

    datos = _datos_minimos(tmp_path, _json.dumps(ESPECIAL))
    codigo, _, error = correr("compilar", "-p", "2024-05", "-d", datos, "-o", tmp_path / "s", "-f", "md", "--permitir-faltantes")
    assert codigo == 0, error
    texto = leer_md(tmp_path / "s" / "informe-2024-05.md")
    # cada línea del dato es un párrafo de su celda, y cada signo sale literal
    assert tabla_md(texto, "Acuerdos alcanzados") == [["Colima", ESPECIAL, "Concluido"]]
    import pypandoc

    plano = pypandoc.convert_text(texto, "plain", format="markdown-smart", extra_args=["--wrap=none"])
    assert "a | b *c* _d_ #e <f> $g$ @h [i] `j` \\k" in plano and "- guion" in plano and "1. lista" in plano


def test_md_escapa_inicio_de_linea():
    assert md("- uno\n1. dos\n> tres") == "\\- uno\\\n1\\. dos\\\n\\> tres"


def test_no_reportado_no_es_cero(correr_json, tmp_path):
    datos = _datos_minimos(tmp_path)
    codigo, j = correr_json("resumen", "-p", "2024-05", "-d", datos, "-f", "json")
    assert codigo == 0
    assert j["reuniones"]["total"] is None and j["medidas"]["total"] is None and j["solicitudes"] is None
    assert j["federal"] is None
    assert j["acuerdos"]["total"] == 1


def test_reunion_tardia_y_mesa_no_instalada_llevan_nota(correr, tmp_path):
    extra = ("mesa:\n  instalada: 2024-01-10\nreuniones:\n  - fecha: 2024-04-20\n    modalidad: virtual\n"
             "    asistentes: 5\n  - fecha: 2024-05-02\n    modalidad: presencial\n    asistentes: 12\n")
    datos = _datos_minimos(tmp_path, extra=extra)
    # otra JLE contesta que aún no se incorpora (y no reporta reuniones)
    escribir(datos / "2024-05" / "jle" / "gro.yaml", "entidad: Guerrero\nperiodo: 2024-05\nmesa:\n  instalada: null\n")
    codigo, _, error = correr("compilar", "-p", "6", "-d", datos, "-o", tmp_path / "s", "-f", "md", "--permitir-faltantes")
    assert codigo == 0, error
    texto = leer_md(tmp_path / "s" / "informe-2024-05.md")
    assert "participó en **2**[^tardias] reuniones" in texto
    assert ("[^tardias]: Se incluye la reunión celebrada el 20 de abril de 2024 por la JLE de Colima, "
            "anterior al inicio del periodo.") in texto
    assert "[^no-instaladas]: Al momento del corte, la JLE de Guerrero no se ha incorporado" in texto
    assert "estuvieron presentes **de 5 a 12 asistentes**" in texto


def test_compilar_rechaza_datos_con_errores(correr, tmp_path):
    datos = _datos_minimos(tmp_path)
    escribir(datos / "2024-05" / "jle" / "son.yaml", "entidad: Sonora\nperiodo: 2024-05\nacuerdos:\n"
                                                     "  - descripcion: X\n    estatus: Terminado\n")
    codigo, _, error = correr("compilar", "-p", "2024-05", "-d", datos, "-o", tmp_path / "s", "-f", "md")
    assert codigo == 1
    assert "son.yaml:5:14: error estatus-desconocido" in " ".join(error.split())
    assert not (tmp_path / "s" / "informe-2024-05.md").exists()


def test_periodo_desconocido_es_error_de_uso(correr, tmp_path):
    codigo, _, error = correr("compilar", "-p", "2031-01", "-d", DEMO, "-o", tmp_path, "-f", "md")
    assert codigo == 2 and "no existe el periodo 2031-01" in error
    assert correr("resumen", "-p", "9", "-d", DEMO)[0] == 2


def test_plantilla_del_usuario_sustituye_a_la_del_paquete(correr, tmp_path):
    propias = tmp_path / "propias" / "secciones"
    escribir(propias / "solicitudes.md.j2", "# 5. Solicitudes\n\nTexto propio de la DEOE: {{ r.periodo }}.\n")
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", DEMO, "-o", tmp_path / "s", "-f", "md",
                              "--plantillas", tmp_path / "propias")
    assert codigo == 0, error
    texto = leer_md(tmp_path / "s" / "informe-2024-02.md")
    assert "Texto propio de la DEOE: 2024-02." in texto and "# 1. Presentación" in texto


def test_error_de_plantilla_no_es_traceback(correr, tmp_path):
    propias = tmp_path / "propias" / "secciones"
    escribir(propias / "solicitudes.md.j2", "{{ r.no_existe }}\n")
    codigo, _, error = correr("compilar", "-p", "2024-02", "-d", DEMO, "-o", tmp_path / "s", "-f", "md",
                              "--plantillas", tmp_path / "propias")
    assert codigo == 1
    assert "Error en la etapa md" in error and "no_existe" in error


def test_salida_determinista(correr, tmp_path):
    for destino in ("a", "b"):
        assert correr("compilar", "-p", "2024-03", "-d", DEMO, "-o", tmp_path / destino, "-f", "md")[0] == 0
    assert (tmp_path / "a" / "informe-2024-03.md").read_bytes() == (tmp_path / "b" / "informe-2024-03.md").read_bytes()


def test_sin_clave_acuerdos_no_es_cero(correr_json, tmp_path):
    datos = tmp_path / "datos"
    escribir(datos / "2024-05" / "periodo.yaml", "numero: 6\ninicio: 2024-04-24\nfin: 2024-05-21\n")
    escribir(datos / "2024-05" / "jle" / "col.yaml", "entidad: Colima\nperiodo: 2024-05\nmedidas:\n"
                                                     "  - descripcion: Recorridos.\n    estatus: Concluido\n")
    _, j = correr_json("resumen", "-p", "2024-05", "-d", datos, "-f", "json")
    assert j["acuerdos"]["total"] is None and j["medidas"]["total"] == 1
    escribir(datos / "2024-05" / "jle" / "son.yaml", "entidad: Sonora\nperiodo: 2024-05\nacuerdos: []\n")
    _, j = correr_json("resumen", "-p", "2024-05", "-d", datos, "-f", "json")
    assert j["acuerdos"]["total"] == 0 and list(j["acuerdos"]["por_entidad"]) == []


def test_compilar_se_niega_mientras_falten_jle_y_las_nombra(correr, tmp_path):
    import shutil

    datos = tmp_path / "datos"
    shutil.copytree(DEMO, datos)
    jle = datos / "2024-03" / "jle"
    (jle / "guerrero.yaml").unlink()
    (jle / "oaxaca.yaml").unlink()
    # Oaxaca envió algo que se rechazó: se nombra distinto de quien no envió nada
    roto = escribir(tmp_path / "oaxaca.yaml", "entidad: Oaxaca\nperiodo: 2024-03\nacuerdos:\n  - descripcion: x\n    estatus: Listo\n")
    assert correr("recibir", roto, "-p", "2024-03", "-d", datos)[0] == 1
    salida = tmp_path / "s"
    codigo, _, error = correr("compilar", "-p", "2024-03", "-d", datos, "-o", salida)
    assert codigo == 1
    plano = " ".join(error.split())
    assert "2 de las 32 JLE no tienen informe en 2024-03" in plano
    assert "sin entrega: Guerrero" in plano and "con el envío rechazado: Oaxaca" in plano
    assert "--permitir-faltantes" in plano
    assert not any(salida.iterdir())  # nada escrito
    codigo, _, error = correr("compilar", "-p", "2024-03", "-d", datos, "-o", salida, "-f", "md", "--permitir-faltantes")
    assert codigo == 0, error
    assert "Aviso: 2 de las 32 JLE" in " ".join(error.split())
    texto = leer_md(salida / "informe-2024-03.md")
    assert "Guerrero" in texto and "Oaxaca" in texto


def test_compilar_dice_cuantas_advertencias_y_donde_leerlas(correr, tmp_path):
    codigo, salida, error = correr("compilar", "-p", "2024-05", "-d", RAIZ / "datos", "-o", tmp_path, "-f", "md")
    assert codigo == 0, error
    _, texto_validar, _ = correr("validar", RAIZ / "datos" / "2024-05", "-d", RAIZ / "datos")
    import re

    plano = " ".join(error.split())
    m = re.search(r"(\d+) advertencias en los datos \((\d+) en 2024-05, (\d+) en 2024-04\)", plano)
    assert m and int(m[1]) == int(m[2]) + int(m[3]), plano
    assert f"{m[2]} advertencias" in " ".join(texto_validar.split())  # las del periodo, como las cuenta validar
    assert f"informe validar {RAIZ / 'datos' / '2024-05'} {RAIZ / 'datos' / '2024-04'}" in plano
