"""El calendario: `informe periodo nuevo` y la serie de periodos que revisa `validar`."""

from __future__ import annotations

import shutil

from conftest import RAIZ, escribir


def _datos(tmp_path, ultimo="false"):
    datos = tmp_path / "datos"
    escribir(datos / "2024-04" / "periodo.yaml", "numero: 5\ninicio: 2024-03-14\nfin: 2024-04-23\n")
    escribir(datos / "2024-05" / "periodo.yaml", f"numero: 6\ninicio: 2024-04-24\nfin: 2024-05-23\nultimo: {ultimo}\n")
    return datos


def test_periodo_nuevo_sigue_al_ultimo(correr, tmp_path):
    datos = _datos(tmp_path)
    codigo, salida, error = correr("periodo", "nuevo", "-d", datos)
    assert codigo == 0, error
    assert "Periodo 2024-06: séptimo informe, del 24 de mayo al 23 de junio de 2024." in salida
    from informe.seguridad.almacen import cargar_archivo

    nuevo = cargar_archivo(datos / "2024-06" / "periodo.yaml").registro
    assert (nuevo.numero, nuevo.inicio.isoformat(), nuevo.fin.isoformat(), nuevo.ultimo) == (7, "2024-05-24", "2024-06-23", False)
    codigo, salida, _ = correr("periodo", "nuevo", "-d", datos, "--fin", "2024-07-31")
    assert codigo == 0 and "Periodo 2024-07: octavo informe, del 24 de junio al 31 de julio de 2024." in salida
    assert correr("validar", datos, "-d", datos)[0] == 0


def test_periodo_nuevo_despues_del_ultimo_se_niega(correr, tmp_path):
    datos = _datos(tmp_path, ultimo="true")
    codigo, _, error = correr("periodo", "nuevo", "-d", datos)
    plano = " ".join(error.split())
    assert codigo == 1 and "el sexto informe (2024-05) es el último de su serie" in plano
    assert "dice «ultimo: true». No se abrió ningún periodo. Si la serie continúa, cambie esa línea a «ultimo: " \
           "false» y repita esta orden" in plano
    assert sorted(p.name for p in datos.iterdir() if not p.name.startswith(".")) == ["2024-04", "2024-05"]
    assert correr("periodo", "nuevo", "-d", datos, "--fin", "2024-02-30")[0] == 2


def test_serie_de_periodos(correr_json, tmp_path):
    datos = _datos(tmp_path, ultimo="true")
    # numero repetido, traslape con el anterior y un segundo «último» que no es el final
    escribir(datos / "2024-06" / "periodo.yaml", "numero: 6\ninicio: 2024-05-20\nfin: 2024-06-23\n")
    codigo, j = correr_json("validar", datos, "-d", datos, "-f", "json")
    serie = sorted((p["archivo"].split("/")[-2], p["mensaje"][:30]) for p in j["problemas"] if p["codigo"] == "periodo-serie")
    assert codigo == 1
    assert [a for a, _ in serie] == ["2024-05", "2024-06", "2024-06", "2024-06"]
    assert any("traslapan" in p["mensaje"] for p in j["problemas"])


def test_datos_reales_forman_una_serie(correr_json):
    codigo, j = correr_json("validar", RAIZ / "datos", "-d", RAIZ / "datos", "-f", "json")
    assert codigo == 0 and not [p for p in j["problemas"] if p["codigo"] == "periodo-serie"]
