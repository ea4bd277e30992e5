"""El índice de la historia (`seguridad/indice.py`): validar un mes consulta los hechos de los periodos
anteriores por la huella de cada archivo, sin reconstruir la historia. Da lo mismo que leerla toda;
una edición del mismo tamaño con la fecha restaurada se ve; basura en el índice no rompe nada; dos
procesos lo construyen a la vez sin duplicar hechos."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from informe import cache
from conftest import escribir

JLE = "entidad: Colima\nperiodo: {p}\n{resto}"


def _periodo(datos, pid, numero, inicio, fin):
    escribir(datos / pid / "periodo.yaml", f"numero: {numero}\ninicio: {inicio}\nfin: {fin}\n")


@pytest.fixture
def historia(tmp_path):
    """Tres meses de Colima: un acuerdo en abril, su seguimiento «En proceso» en mayo, y junio (el que
    se valida) lo reporta otra vez «En proceso» y cita uno que no existe."""
    datos = tmp_path / "datos"
    escribir(datos / "proceso.yaml", "nombre: P\ninstitucion: INE\narea: DEOE\n")
    _periodo(datos, "2024-04", 5, "2024-03-24", "2024-04-23")
    _periodo(datos, "2024-05", 6, "2024-04-24", "2024-05-23")
    _periodo(datos, "2024-06", 7, "2024-05-24", "2024-06-23")
    escribir(datos / "2024-04" / "jle" / "colima.yaml", JLE.format(
        p="2024-04", resto="acuerdos:\n  - descripcion: Vigilancia de la bodega\n    estatus: Planeación\n"))
    escribir(datos / "2024-05" / "jle" / "colima.yaml", JLE.format(
        p="2024-05", resto="acuerdos: []\nseguimiento:\n  - acuerdo: COL-2024-04-001\n    estatus: En proceso\n"))
    escribir(datos / "2024-06" / "jle" / "colima.yaml", JLE.format(
        p="2024-06", resto="acuerdos: []\nseguimiento:\n  - acuerdo: COL-2024-04-001\n    estatus: En proceso\n"
                           "  - acuerdo: COL-2024-04-009\n    estatus: Concluido\n"))
    return datos


def _validar(datos, cache_dir, mes: str = "2024-06") -> dict:
    r = subprocess.run([sys.executable, "-m", "informe", "validar", str(datos / mes / "jle"), "--datos",
                        str(datos), "--formato", "json"], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "INFORME_CACHE": str(cache_dir)})
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


def _codigos(resultado) -> list[tuple[str, int]]:
    return [(p["codigo"], p["linea"]) for p in resultado["problemas"]]


def _hechos(cache_dir) -> tuple[int, int, int]:
    with sqlite3.connect(cache_dir / cache.BASE) as c:
        return tuple(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("hechos_archivo", "hechos_alta", "hechos_seg"))


def test_con_indice_frio_caliente_y_sin_indice_da_lo_mismo(historia, tmp_path):
    sin_indice = _validar(historia, "0")
    assert _codigos(sin_indice) == [("seguimiento-desconocido", 7)]
    frio = _validar(historia, tmp_path / "c")
    assert _hechos(tmp_path / "c") == (2, 1, 1)  # los dos meses anteriores, con su alta y su seguimiento
    caliente = _validar(historia, tmp_path / "c")
    assert sin_indice == frio == caliente
    shutil.rmtree(tmp_path / "c")  # borrar el índice solo cuesta tiempo
    assert _validar(historia, tmp_path / "c") == sin_indice


def test_edicion_del_mismo_tamano_con_la_fecha_restaurada(historia, tmp_path):
    assert _codigos(_validar(historia, tmp_path / "c")) == [("seguimiento-desconocido", 7)]
    mayo = historia / "2024-05" / "jle" / "colima.yaml"
    antes, fechas = mayo.read_bytes(), os.stat(mayo)
    despues = antes.replace(b"estatus: En proceso", b"estatus: Concluido ")  # mismos bytes de largo
    assert len(despues) == len(antes)
    mayo.write_bytes(despues)
    os.utime(mayo, ns=(fechas.st_atime_ns, fechas.st_mtime_ns))
    # mayo lo dejó Concluido: junio, que dice «En proceso», retrocede
    assert _codigos(_validar(historia, tmp_path / "c")) == [("estatus-retroceso", 5), ("seguimiento-desconocido", 7)]


@pytest.mark.parametrize("dano", [
    "UPDATE hechos_alta SET estatus = 7",  # un tipo que el índice nunca escribe
    "UPDATE hechos_archivo SET entidad = x'00ff'",
    "DROP TABLE hechos_seg; CREATE TABLE hechos_seg (basura)",  # otra forma de tabla
])
def test_basura_en_el_indice_no_rompe_ni_cambia_nada(historia, tmp_path, dano):
    referencia = _validar(historia, tmp_path / "c")
    with sqlite3.connect(tmp_path / "c" / cache.BASE) as c:
        c.executescript(dano)
    assert _validar(historia, tmp_path / "c") == referencia


def test_dos_procesos_construyen_el_indice_a_la_vez(historia, tmp_path):
    for mes in range(7, 13):  # más archivos en la historia, para que las escrituras se crucen
        pid = f"2024-{mes:02d}"
        _periodo(historia, pid, mes + 1, f"2024-{mes - 1:02d}-24", f"2024-{mes:02d}-23")
        escribir(historia / pid / "jle" / "colima.yaml", JLE.format(
            p=pid, resto=f"acuerdos:\n  - descripcion: Acuerdo de {pid}\n    estatus: Planeación\n"))
    referencia = _validar(historia, "0", "2024-12")
    assert _codigos(referencia) == []
    orden = [sys.executable, "-m", "informe", "validar", str(historia / "2024-12" / "jle"), "--datos", str(historia),
             "--formato", "json"]
    entorno = {**os.environ, "INFORME_CACHE": str(tmp_path / "c")}
    procesos = [subprocess.Popen(orden, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=entorno)
                for _ in range(2)]
    for p in procesos:
        salida, error = p.communicate(timeout=120)
        assert json.loads(salida) == referencia, error
    # cada archivo de abril a noviembre una vez (6 altas, 3 seguimientos), aunque dos procesos lo guardaran
    assert _hechos(tmp_path / "c") == (8, 6, 3)
