"""Las reglas como unidades: el registro, docs/validacion.md escrito de él, la severidad que cambia un
proceso (en validar, recibir y compilar) y los textos del analista revisados por el núcleo en toda familia."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from conftest import DEMO, INVALIDOS, RAIZ

VMRE = RAIZ / "ejemplos" / "vmre"
# la celda que el contrato altera en el ejemplo VMRE: el desglose por medio de Aguascalientes deja de sumar
CELDA = ("Aguascalientes,492,117,375,", "Aguascalientes,492,117,376,")


def _copia(origen: Path, tmp_path: Path, nombre: str = "datos") -> Path:
    destino = tmp_path / nombre
    shutil.copytree(origen, destino)
    return destino


def _cambiar(ruta: Path, viejo: str, nuevo: str) -> None:
    texto = ruta.read_text(encoding="utf-8")
    assert viejo in texto, viejo
    ruta.write_text(texto.replace(viejo, nuevo), encoding="utf-8")


def _agregar(ruta: Path, texto: str) -> None:
    ruta.write_text(ruta.read_text(encoding="utf-8") + texto, encoding="utf-8")


def _lineas(ruta: Path) -> int:
    return len(ruta.read_text(encoding="utf-8").splitlines())


# --------------------------------------------------------------------------- registro y documento

def test_cada_familia_registra_sus_reglas_con_codigo_y_docstring():
    from informe.familias import REGISTRO, familia
    from informe.problemas import CODIGOS
    from informe.reglas import REGLAS_NUCLEO, de_familia

    ids = {}
    for nombre in REGISTRO:  # una familia sin reglas propias es válida: no hay un mínimo por familia
        registro = de_familia(familia(nombre))
        if registro is None:
            continue
        assert registro.nombre == nombre
        ids[nombre] = [r.id for r in registro]
        for regla in [*registro, *REGLAS_NUCLEO]:
            assert regla.descripcion and regla.codigos and set(regla.codigos) <= set(CODIGOS)
            assert set(regla.severidades.values()) <= {"error", "advertencia"}
    assert "seguimiento" in ids["seguridad"] and "desgloses" in ids["vmre"]
    regla = de_familia(familia("seguridad")).obtener("fechas-del-periodo")
    assert regla.severidades == {"periodo-desconocido": "advertencia", "fecha-posterior": "error",
                                 "fecha-anterior": "advertencia"}
    with pytest.raises(ValueError, match="no hay una regla «no-existe»"):
        de_familia(familia("vmre")).obtener("no-existe")


def test_una_regla_mal_registrada_es_un_error_de_programacion():
    from informe.reglas import Registro

    registro = Registro("prueba")
    with pytest.raises(ValueError):
        registro.regla("x", "codigo-que-no-existe")(lambda c: [])
    with pytest.raises(ValueError):  # sin docstring: docs/validacion.md no podría decir qué revisa
        registro.regla("x", "fecha-posterior")(lambda c: [])


def test_validacion_md_esta_al_dia_con_el_registro():
    from informe.doc_validacion import RUTA, generar

    actual = RUTA.read_text(encoding="utf-8")
    assert generar(actual) == actual, "corra `python -m informe.doc_validacion` y revise el cambio"
    # lo que se escribe sale del registro: una regla cuyo docstring cambia cambia el documento
    assert "| `seguimiento` | `seguimiento-duplicado` (error, fijo)" in actual
    assert "| `desgloses` | `vmre-desglose` (error) |" in actual
    editado = actual.replace("| `totales` | `vmre-total-columna` (error) |", "| `totales` | `otro` |")
    assert editado != actual and generar(editado) == actual  # un bloque editado a mano vuelve a lo que dice el registro


def test_doc_validacion_revisar_falla_si_el_documento_no_esta_al_dia(tmp_path, monkeypatch, capsys):
    from informe import doc_validacion

    copia = tmp_path / "validacion.md"
    copia.write_text(doc_validacion.RUTA.read_text(encoding="utf-8").replace(", fijo)", ")", 1), encoding="utf-8")
    monkeypatch.setattr(doc_validacion, "RUTA", copia)
    assert doc_validacion.main(["--revisar"]) == 1
    assert "no está al día" in capsys.readouterr().err
    assert doc_validacion.main([]) == 0 and doc_validacion.main(["--revisar"]) == 0


def test_cada_problema_de_una_regla_es_de_un_codigo_que_la_regla_declara(monkeypatch):
    """Una regla que emite un código que no declara dejaría a docs/validacion.md y a las severidades del
    proceso sin saberlo: se corren todas las reglas sobre los datos, la demo, VMRE y los inválidos."""
    from informe.familias import familia
    from informe.reglas import REGLAS_NUCLEO, de_familia
    from informe.validar import validar

    vistos: dict[str, set[str]] = {}

    def vigilar(registro):
        for id_, regla in list(registro.reglas.items()):
            def revisar(contexto, regla=regla):
                for p in regla.revisar(contexto):
                    assert p.codigo in regla.codigos, (regla.id, p.codigo)
                    vistos.setdefault(regla.id, set()).add(p.codigo)
                    yield p
            monkeypatch.setitem(registro.reglas, id_, dataclasses.replace(regla, revisar=revisar))

    for registro in (REGLAS_NUCLEO, de_familia(familia("seguridad")), de_familia(familia("vmre"))):
        vigilar(registro)
    validar([RAIZ / "datos"], RAIZ / "datos")
    validar([DEMO], DEMO)
    validar([VMRE], VMRE)
    for ruta in sorted(INVALIDOS.glob("*.yaml")):
        validar([ruta], DEMO)
    assert {"fechas-del-periodo", "acuerdos-repetidos", "seguimiento"} <= set(vistos)


# --------------------------------------------------------------------------- severidades del proceso

def test_bajar_un_error_de_vmre_a_advertencia_cambia_validar_y_compilar(correr, correr_json, tmp_path):
    datos = _copia(VMRE, tmp_path)
    tabla = datos / "2024-01" / "solicitudes_recibidas.csv"
    _cambiar(tabla, *CELDA)
    codigo, r = correr_json("validar", datos, "-d", datos, "-f", "json")
    # la celda rompe el desglose de su fila y la suma de su columna
    celdas = [(p["codigo"], p["linea"], p["columna"], p["severidad"]) for p in r["problemas"]
              if p["archivo"].endswith("solicitudes_recibidas.csv")]
    assert codigo == 1 and r["errores"] == 2
    assert celdas == [("vmre-desglose", 2, 20, "error"), ("vmre-total-columna", 34, 19, "error")]
    assert all("ajuste" not in p for p in r["problemas"])  # el JSON de siempre cuando el proceso no cambia nada

    _agregar(datos / "proceso.yaml", "severidades:\n  vmre-desglose: advertencia\n")
    linea = _lineas(datos / "proceso.yaml")
    codigo, r = correr_json("validar", datos, "-d", datos, "-f", "json")
    assert codigo == 1 and r["errores"] == 1  # solo el código que el proceso nombra cambia
    _agregar(datos / "proceso.yaml", "  vmre-total-columna: advertencia\n")
    codigo, r = correr_json("validar", datos, "-d", datos, "-f", "json")
    celdas = [(p["codigo"], p["linea"], p["severidad"], p["ajuste"]) for p in r["problemas"]
              if p["archivo"].endswith("solicitudes_recibidas.csv")]
    assert codigo == 0 and r["errores"] == 0
    assert celdas == [("vmre-desglose", 2, "advertencia", f"{datos / 'proceso.yaml'}:{linea}"),
                      ("vmre-total-columna", 34, "advertencia", f"{datos / 'proceso.yaml'}:{linea + 1}")]
    codigo, salida, _ = correr("validar", datos, "-d", datos)
    plano = " ".join(salida.split())
    assert codigo == 0 and "advertencia vmre-desglose" in plano
    assert f"severidad fijada en {datos / 'proceso.yaml'}:{linea} (la del código: error)" in plano
    codigo, _, _ = correr("validar", datos, "-d", datos, "--estricto")
    assert codigo == 1  # sigue siendo un problema: con --estricto detiene

    codigo, salida, error = correr("compilar", "-d", datos, "-p", "2024-01", "-o", tmp_path / "salida", "-f", "md")
    assert codigo == 0, salida + error
    assert (tmp_path / "salida" / "informe-2024-01.md").is_file()


def test_subir_una_advertencia_a_error_detiene_validar_y_compilar(correr, correr_json, tmp_path):
    datos = _copia(DEMO, tmp_path)
    jle = datos / "2024-03" / "jle" / "colima.yaml"
    texto = jle.read_text(encoding="utf-8")
    assert "acuerdos:\n" in texto
    repetido = INVALIDOS / "acuerdo-repetido.yaml"
    codigo, r = correr_json("validar", repetido, "-d", datos, "-f", "json")
    assert codigo == 0 and [(p["codigo"], p["linea"], p["severidad"]) for p in r["problemas"]] == \
        [("acuerdo-repetido", 8, "advertencia")]

    _agregar(datos / "proceso.yaml", "severidades:\n  acuerdo-repetido: error\n")
    codigo, r = correr_json("validar", repetido, "-d", datos, "-f", "json")
    assert codigo == 1 and [(p["codigo"], p["linea"], p["severidad"]) for p in r["problemas"]] == \
        [("acuerdo-repetido", 8, "error")]
    assert r["problemas"][0]["ajuste"].endswith("proceso.yaml:" + str(_lineas(datos / "proceso.yaml")))

    # compilar: la misma regla, en los datos del periodo, detiene la compilación en la etapa validar
    jle = datos / "2024-03" / "jle" / "colima.yaml"
    _cambiar(jle, "Solicitar el acompañamiento de seguridad a los vehículos con documentación electoral (acuerdo 2).",
             "Acordar el acompañamiento de seguridad a los vehículos con documentación electoral (acuerdo 1).")
    codigo, salida, error = correr("compilar", "-d", datos, "-p", "2024-03", "-o", tmp_path / "salida", "-f", "md")
    plano = " ".join((salida + error).split())
    assert codigo == 1 and "colima.yaml:42: error acuerdo-repetido" in plano
    assert not (tmp_path / "salida" / "informe-2024-03.md").exists()


def test_la_revision_de_recibir_usa_la_severidad_del_proceso(correr, tmp_path):
    datos = _copia(DEMO, tmp_path)
    _cambiar(datos / "2024-03" / "periodo.yaml", "ultimo: true", "ultimo: false")
    (datos / "2024-04").mkdir()
    (datos / "2024-04" / "periodo.yaml").write_text("numero: 4\ninicio: 2024-03-24\nfin: 2024-04-23\n", encoding="utf-8")
    codigo, _, error = correr("plantilla", "-p", "2024-04", "-e", "Colima", "-d", datos, "-o", tmp_path / "pl")
    assert codigo == 0, error
    envio = tmp_path / "pl" / "colima-2024-04.yaml"
    _cambiar(envio, "acuerdos: []  # sustituya [] por la lista de acuerdos del periodo, si los hubo",
             "acuerdos:\n  - descripcion: Revisar rutas.\n    estatus: Planeación\n"
             "  - descripcion: Revisar rutas.\n    estatus: Planeación")
    _agregar(datos / "proceso.yaml", "severidades:\n  acuerdo-repetido: error\n")
    codigo, salida, _ = correr("recibir", envio, "-p", "2024-04", "-d", datos)
    plano = " ".join(salida.split())
    assert codigo == 1 and "Colima: rechazado, 1 error: acuerdo-repetido (línea 44)" in plano
    assert not (datos / "2024-04" / "jle" / "colima.yaml").exists()
    # sin el cambio de severidad es una advertencia: el mismo envío se guarda
    _cambiar(datos / "proceso.yaml", "  acuerdo-repetido: error\n", "  acuerdo-repetido: advertencia\n")
    codigo, salida, _ = correr("recibir", envio, "-p", "2024-04", "-d", datos)
    assert codigo == 0 and (datos / "2024-04" / "jle" / "colima.yaml").is_file()


@pytest.mark.parametrize(("linea_yaml", "codigo", "columna", "mensaje"), [
    ("  vmre-desglos: advertencia", "severidad-codigo", 3, "¿Quiso decir «vmre-desglose»?"),
    ("  estatus-desconocido: advertencia", "severidad-codigo", 3, None),  # de otra familia
    ("  vmre-desglose: aviso", "severidad-invalida", 18, None),
    ("  vmre-desglose: erorr", "severidad-invalida", 18, "¿Quiso decir «error»?"),
    ("  texto-plantilla: advertencia", "severidad-fija", 20, "compilar no puede componer ese texto"),
    ("  tabla-tipo: advertencia", "severidad-fija", 15, "lo da la lectura de un archivo"),
])
def test_una_severidad_que_no_vale_se_reporta_con_su_linea_y_no_se_aplica(correr_json, tmp_path, linea_yaml, codigo,
                                                                         columna, mensaje):
    datos = _copia(VMRE, tmp_path)
    _cambiar(datos / "2024-01" / "solicitudes_recibidas.csv", *CELDA)
    _agregar(datos / "proceso.yaml", "severidades:\n" + linea_yaml + "\n")
    linea = _lineas(datos / "proceso.yaml")
    salida, r = correr_json("validar", datos, "-d", datos, "-f", "json")
    propios = [p for p in r["problemas"] if p["archivo"].endswith("proceso.yaml")]
    assert salida == 1 and [(p["codigo"], p["linea"], p["columna"], p["severidad"]) for p in propios] == \
        [(codigo, linea, columna, "error")]
    if mensaje:
        assert mensaje in propios[0]["mensaje"] + (propios[0]["sugerencia"] or "")
    assert [p["severidad"] for p in r["problemas"] if p["codigo"] == "vmre-desglose"] == ["error"]


def test_reuniones_sin_mesa_no_se_baja(correr_json, tmp_path):
    # bajada a advertencia, el informe contaría las reuniones de una JLE y en la misma página diría, en una
    # nota, que no se ha incorporado a su mesa: dos afirmaciones que no pueden ser ciertas a la vez
    datos = _copia(DEMO, tmp_path)
    _agregar(datos / "proceso.yaml", "severidades:\n  reuniones-sin-mesa: advertencia\n")
    linea = _lineas(datos / "proceso.yaml")
    codigo, r = correr_json("validar", datos / "proceso.yaml", "-d", datos, "-f", "json")
    (p,) = [p for p in r["problemas"] if p["archivo"].endswith("proceso.yaml")]
    assert codigo == 1 and (p["codigo"], p["linea"], p["severidad"]) == ("severidad-fija", linea, "error")
    assert "no se ha incorporado a su mesa" in p["mensaje"] + (p["sugerencia"] or "")


def test_severidades_mal_formadas_son_un_error_de_lectura(correr_json, tmp_path):
    datos = _copia(VMRE, tmp_path)
    _agregar(datos / "proceso.yaml", "severidades: [vmre-desglose]\n")
    codigo, r = correr_json("validar", datos / "proceso.yaml", "-d", datos, "-f", "json")
    assert codigo == 1 and [(p["codigo"], p["linea"]) for p in r["problemas"]] == \
        [("tipo-invalido", _lineas(datos / "proceso.yaml"))]


# --------------------------------------------------------------------------- textos en toda familia

def test_un_texto_malo_en_una_carpeta_vmre_lo_dice_validar_antes_de_compilar(correr, correr_json, tmp_path):
    datos = _copia(VMRE, tmp_path)
    texto = datos / "2024-01" / "textos" / "registro.md"
    _agregar(texto, "\nSe publicaron {{ r.cifras.entrevista }} entrevistas y {{ r.no_existe }} cosas.\n")
    linea = _lineas(texto)
    renglon = texto.read_text(encoding="utf-8").splitlines()[-1]
    codigo, r = correr_json("validar", datos, "-d", datos, "-f", "json")
    propios = [(p["codigo"], p["linea"], p["columna"], p["sugerencia"]) for p in r["problemas"]
               if p["archivo"].endswith("registro.md")]
    assert codigo == 1 and propios == [
        ("texto-variable", linea, renglon.index("entrevista ") + 1, "¿Quiso decir «r.cifras.entrevistas»?"),
        ("texto-variable", linea, renglon.index("no_existe") + 1,
         "r tiene: " + ", ".join(sorted(_campos_del_resumen_vmre())) + "."),
    ]
    # compilar se detiene en la etapa validar, con el mismo problema (antes salía con 2 al componer)
    codigo, salida, error = correr("compilar", "-d", datos, "-p", "2024-01", "-o", tmp_path / "salida", "-f", "md")
    assert codigo == 1 and "texto-variable" in salida + error and "etapa md" not in salida + error


def _campos_del_resumen_vmre() -> list[str]:
    from informe.vmre.agregar import ResumenVmre

    return [f.name for f in dataclasses.fields(ResumenVmre)]


def test_la_forma_de_los_textos_vmre_es_la_del_resumen_real():
    """Todo lo que validar deja citar existe en el resumen con que se compone, y toda cifra de `r.cifras`
    se puede citar."""
    from informe.familias import familia
    from informe.vmre.informe import resumen_de

    vmre = familia("vmre")
    forma = vmre.forma_textos()
    _, resumen = resumen_de(vmre, VMRE, "2024-01")
    assert set(forma["r"]) == {f.name for f in dataclasses.fields(resumen)}
    assert set(forma["r"]["cifras"]) == set(resumen.cifras)


def test_los_textos_los_revisa_el_nucleo_con_la_forma_de_cada_familia(correr_json, tmp_path):
    """El mismo texto con una cifra mal escrita, en una carpeta de cada familia: la misma regla lo atrapa
    y sugiere la cifra de esa familia."""
    demo = _copia(DEMO, tmp_path, "demo")
    (demo / "2024-03" / "textos").mkdir(exist_ok=True)
    (demo / "2024-03" / "textos" / "acuerdos.md").write_text("Hubo {{ r.reuniones.totl }} reuniones.\n", encoding="utf-8")
    codigo, r = correr_json("validar", demo, "-d", demo, "-f", "json")
    assert codigo == 1 and [(p["codigo"], p["linea"], p["sugerencia"]) for p in r["problemas"]
                            if p["codigo"].startswith("texto-")] == \
        [("texto-variable", 1, "¿Quiso decir «r.reuniones.total»?")]


def test_el_resumen_de_muchos_problemas_lleva_la_severidad_del_proceso(correr_json, tmp_path):
    """Pasado el límite por código y archivo, los demás se cuentan en una línea: con la severidad que el
    proceso fijó para ese código (un resumen de advertencias no es un error)."""
    from informe.yaml_seguro import LIMITE_POR_CODIGO

    datos = _copia(DEMO, tmp_path)
    reunion = "  - fecha: 2024-03-01\n    modalidad: virtual\n    asistentes: 0\n"
    jle = datos / "2024-03" / "jle" / "colima.yaml"
    n = LIMITE_POR_CODIGO + 20
    jle.write_text("entidad: Colima\nperiodo: 2024-03\nmesa:\n  instalada: 2023-10-11\nreuniones:\n" + reunion * n,
                   encoding="utf-8")
    codigo, r = correr_json("validar", jle, "-d", datos, "-f", "json")
    ceros = [p for p in r["problemas"] if p["codigo"] == "asistentes-cero"]
    assert codigo == 1 and len(ceros) == LIMITE_POR_CODIGO + 1 and r["errores"] == LIMITE_POR_CODIGO + 1
    (resumen,) = [p for p in ceros if p["linea"] is None]
    assert resumen["mensaje"].startswith("… y 20 problemas más") and resumen["severidad"] == "error"

    _agregar(datos / "proceso.yaml", "severidades:\n  asistentes-cero: advertencia\n")
    codigo, r = correr_json("validar", jle, "-d", datos, "-f", "json")
    ceros = [p for p in r["problemas"] if p["codigo"] == "asistentes-cero"]
    assert codigo == 0 and r["errores"] == 0 and len(ceros) == LIMITE_POR_CODIGO + 1
    assert {(p["severidad"], p["ajuste"]) for p in ceros} == \
        {("advertencia", f"{datos / 'proceso.yaml'}:{_lineas(datos / 'proceso.yaml')}")}


def test_una_familia_de_tablas_cambia_severidades_del_nucleo_y_no_las_de_otra_familia(monkeypatch, tmp_path,
                                                                                      correr_json):
    """La familia casillas (tests/fixtures, con una regla propia) lee `severidades` con el proceso.yaml del
    núcleo: puede subir un código del núcleo; un código de la familia de seguridad no es suyo."""
    from conftest import escribir

    from informe import familias

    monkeypatch.syspath_prepend(str(RAIZ / "tests" / "fixtures"))
    monkeypatch.setitem(familias.REGISTRO, "casillas", "casillas")
    datos = tmp_path / "datos"
    proceso = "familia: casillas\nnombre: Proceso Electoral Local 2025\ninstitucion: INE\narea: DEOE\n"
    escribir(datos / "proceso.yaml", proceso)
    escribir(datos / "2025-06" / "casillas.csv", "ENTIDAD,APROBADAS,INSTALADAS\nColima,900,898\nTOTAL,900,898\n")
    escribir(datos / "2025-06" / "textos" / "presentacion.md", "Se instalaron casillas en Колима.\n")
    codigo, r = correr_json("validar", datos, "-f", "json")
    assert codigo == 0 and [(p["codigo"], p["linea"], p["severidad"]) for p in r["problemas"]] == \
        [("texto-escritura", 1, "advertencia")]

    escribir(datos / "proceso.yaml", proceso + "severidades:\n  texto-escritura: error\n  estatus-desconocido: error\n")
    codigo, r = correr_json("validar", datos, "-f", "json")
    assert codigo == 1 and [(p["codigo"], p["linea"], p["severidad"], p.get("ajuste")) for p in r["problemas"]] == [
        ("texto-escritura", 1, "error", f"{datos / 'proceso.yaml'}:6"),
        ("severidad-codigo", 7, "error", None),
    ]
