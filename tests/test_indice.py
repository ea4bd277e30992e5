"""El índice de la historia (`seguridad/indice.py`): validar un mes consulta el estado de los acuerdos
que cita al corte del mes anterior, guardado por la huella de los archivos que lo producen, sin
reconstruir la historia. Da lo mismo que leerla toda; una edición del mismo tamaño con la fecha
restaurada se ve; basura en el índice no rompe nada; dos procesos lo construyen a la vez; el corte de
un mes se calcula desde el del mes anterior, leyendo solo el mes nuevo."""

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


def _cortes(cache_dir) -> list[tuple[int, int]]:
    """(filas declaradas, filas guardadas) de cada corte del índice."""
    with sqlite3.connect(cache_dir / cache.BASE) as c:
        return c.execute("SELECT filas, (SELECT count(*) FROM estado_corte e WHERE e.corte = num) FROM cortes "
                         "ORDER BY num").fetchall()


def test_con_indice_frio_caliente_y_sin_indice_da_lo_mismo(historia, tmp_path):
    sin_indice = _validar(historia, "0")
    assert _codigos(sin_indice) == [("seguimiento-desconocido", 7)]
    frio = _validar(historia, tmp_path / "c")
    assert _cortes(tmp_path / "c") == [(1, 1)]  # el corte de mayo: el acuerdo de abril, con su seguimiento
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
    "UPDATE estado_corte SET estatus = 7",  # un tipo que el índice nunca escribe
    "UPDATE estado_corte SET entidad = x'00ff'",
    "DELETE FROM estado_corte",  # filas de menos
    "UPDATE cortes SET filas = 'x'",
    "DROP TABLE estado_corte; CREATE TABLE estado_corte (basura)",  # otra forma de tabla
    "DROP TABLE cortes",
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
    # un solo corte (noviembre: el acuerdo de abril y los cinco de julio a noviembre), completo, aunque
    # dos procesos lo calcularan a la vez
    assert _cortes(tmp_path / "c") == [(6, 6)]


def test_el_corte_de_un_mes_parte_del_anterior_y_lee_solo_lo_nuevo(historia, tmp_path, monkeypatch):
    from informe.seguridad import indice
    from informe.seguridad.almacen import cargar_datos, catalogos_de, historia as reconstruir

    monkeypatch.setenv("INFORME_CACHE", str(tmp_path / "c"))
    cache.reiniciar()
    leidos: list[str] = []
    original = indice.periodo_jle
    monkeypatch.setattr(indice, "periodo_jle",
                        lambda d, pid, c, cargas=None: leidos.append(pid) or original(d, pid, c, cargas))
    contexto = catalogos_de(historia)

    def estados(corte):
        return {i: (e.entidad, e.periodo, e.descripcion, e.estatus, e.actualizado, e.cambiado)
                for i, e in indice.estados_al_corte(historia, corte, contexto).items()}

    def leyendo(corte):
        return {i: (e.entidad, e.periodo, e.descripcion, e.estatus, e.actualizado, e.cambiado)
                for i, e in reconstruir(cargar_datos(historia).periodos.values(), corte).items()}

    try:
        assert estados("2024-05") == leyendo("2024-05")
        assert leidos == ["2024-04", "2024-05"]
        assert estados("2024-06") == leyendo("2024-06") == {
            "COL-2024-04-001": ("COL", "2024-04", "Vigilancia de la bodega", "En proceso", "2024-06", "2024-05")}
        assert leidos[2:] == ["2024-06"]  # el corte de mayo ya estaba: solo se lee junio
        assert estados("2024-06") == leyendo("2024-06") and leidos[3:] == []  # ya guardado: no se lee nada
        # una edición en mayo cambia la cadena de mayo y de junio: no hay corte guardado de esa historia
        # (solo se guardan los cortes pedidos) y se rehace desde el principio
        mayo = historia / "2024-05" / "jle" / "colima.yaml"
        mayo.write_text(mayo.read_text().replace("En proceso", "Concluido"))
        assert estados("2024-06") == leyendo("2024-06")
        assert estados("2024-06")["COL-2024-04-001"][3:] == ("En proceso", "2024-06", "2024-06")
        assert leidos[3:] == ["2024-04", "2024-05", "2024-06"]
    finally:
        cache.reiniciar()


def _diffs(datos, cache_dir, monkeypatch) -> dict:
    """`diff` de todas las parejas de periodos de la demostración, con y sin --todos, por entidad y con
    otro --sin-avance, en el proceso del test, con la caché en `cache_dir` ("0": sin caché)."""
    from informe.almacen import ids_de_periodo
    from informe.seguridad import FAMILIA

    monkeypatch.setenv("INFORME_CACHE", str(cache_dir))
    cache.reiniciar()
    periodos = ids_de_periodo(datos)
    try:
        return {(p1, p2, todos, tuple(ents), n): FAMILIA.comparar(datos, datos, p1, p2, {}, ents, sin_avance=n,
                                                                       todos=todos)
                for i, p1 in enumerate(periodos) for p2 in periodos[i + 1:]
                for todos in (False, True) for ents in ([], ["GRO", "SON"]) for n in (1, 3)}
    finally:
        cache.reiniciar()


def test_diff_del_indice_es_el_de_leer_la_historia(tmp_path, monkeypatch):
    """La relación entre dos cortes (de un solo corte si el de llegada partió del de salida, o cruzando
    los dos) da lo mismo que los cortes leídos de la historia, en una base en memoria."""
    from informe.seguridad import indice

    shutil.copytree(DEMO, tmp_path / "datos")
    datos = tmp_path / "datos"
    sin_indice = _diffs(datos, "0", monkeypatch)
    assert _diffs(datos, tmp_path / "c", monkeypatch) == sin_indice  # frío
    assert _diffs(datos, tmp_path / "c", monkeypatch) == sin_indice  # caliente
    marzo = sin_indice[("2024-02", "2024-03", False, (), 3)]
    assert marzo["total"] == 351 and len(marzo["acuerdos"]) < 351  # sin --todos: solo los de alguna lista
    listados = {i for k in ("avanzaron", "concluyeron", "retrocedieron", "sin_avance", "nuevos", "desaparecidos")
                for i in marzo[k]}
    assert {a["id"] for a in marzo["acuerdos"]} == listados
    assert len(sin_indice[("2024-02", "2024-03", True, (), 3)]["acuerdos"]) == 351
    # de febrero a marzo: el corte de marzo se calculó a partir del de febrero, y basta leerlo a él
    monkeypatch.setenv("INFORME_CACHE", str(tmp_path / "c"))
    cache.reiniciar()
    try:
        from informe.seguridad.almacen import catalogos_de

        ctx = catalogos_de(datos)
        assert indice.entre_cortes(datos, "2024-02", datos, "2024-03", ctx, ctx)[1] is indice._DESDE_SU_BASE
    finally:
        cache.reiniciar()


@pytest.mark.parametrize("dano", [
    "UPDATE conteo_corte SET n = n + 1",  # conteos que no cuadran con las filas
    "UPDATE conteo_corte SET estatus = 'Casi'",
    "UPDATE estado_corte SET antes = 'Casi' WHERE nuevo = 0",  # un estatus que ningún catálogo tiene
    "UPDATE estado_corte SET nuevo = 'x'",
    "UPDATE cortes SET base = NULL",  # sin base: se cruzan los dos cortes
    "DROP TABLE conteo_corte",
])
def test_basura_en_el_indice_no_cambia_el_diff(tmp_path, monkeypatch, dano):
    shutil.copytree(DEMO, tmp_path / "datos")
    datos = tmp_path / "datos"
    referencia = _diffs(datos, "0", monkeypatch)
    _diffs(datos, tmp_path / "c", monkeypatch)
    with sqlite3.connect(tmp_path / "c" / cache.BASE) as c:
        c.executescript(dano)
    assert _diffs(datos, tmp_path / "c", monkeypatch) == referencia


def test_nombres_de_archivo_que_no_son_utf8(historia, tmp_path):
    """Un nombre con bytes que no son UTF-8 (posible en Linux) no rompe la huella ni la cadena del índice,
    y la salida es la misma con índice y sin él."""
    raro = os.fsencode(historia / "2024-05" / "jle") + b"/colima-\xff.yaml"
    with open(raro, "wb") as f:
        f.write((historia / "2024-05" / "jle" / "colima.yaml").read_bytes())
    sin_indice = _validar(historia, "0")
    mayo = _validar(historia, "0", "2024-05")
    assert _codigos(mayo) == [("entidad-duplicada", 1)]
    assert mayo["problemas"][0]["mensaje"].endswith("colima-\\xff.yaml.")  # el byte se muestra escapado
    assert _validar(historia, tmp_path / "c") == _validar(historia, tmp_path / "c") == sin_indice


DEMO = __import__("pathlib").Path(__file__).resolve().parent.parent / "ejemplos" / "demo"
ORDENES = {  # lo que se compara, byte a byte, con el índice y sin él
    "validar-todo": ["validar", "datos", "--datos", "datos", "--formato", "json"],
    "validar-mes": ["validar", "datos/2024-03/jle", "--datos", "datos", "--formato", "json"],
    "resumen": ["resumen", "--periodo", "2024-03", "--datos", "datos", "--formato", "json"],
    "diff": ["diff", "--desde", "2024-01", "--hasta", "2024-03", "--datos", "datos", "--formato", "json"],
    "diff-texto": ["diff", "--desde", "2024-02", "--hasta", "2024-03", "--datos", "datos"],
    "diff-todos": ["diff", "--desde", "2024-02", "--hasta", "2024-03", "--datos", "datos", "-f", "csv", "--todos"],
    "compilar": ["compilar", "--periodo", "2024-03", "--datos", "datos", "--salida", "salida", "-f", "md", "-f",
                 "docx"],
    "plantilla": ["plantilla", "--periodo", "2024-03", "--todas", "--datos", "datos", "--salida", "salida/p"],
    "acuerdos": ["acuerdos", "--periodo", "2024-03", "--datos", "datos", "--formato", "json"],
}


def _salidas(carpeta, cache_dir) -> dict[str, bytes]:
    entorno = {**os.environ, "INFORME_CACHE": str(cache_dir), "COLUMNS": "100"}
    salidas = {}
    for nombre, orden in ORDENES.items():
        r = subprocess.run([sys.executable, "-m", "informe", *orden], cwd=carpeta, capture_output=True,
                           timeout=300, env=entorno)
        assert r.returncode in (0, 1), r.stderr.decode()
        salidas[nombre] = r.stdout
    for archivo in sorted((carpeta / "salida").rglob("*")):
        if archivo.is_file():
            salidas[archivo.relative_to(carpeta).as_posix()] = archivo.read_bytes()
    shutil.rmtree(carpeta / "salida")
    return salidas


def test_salidas_identicas_sin_indice_frio_caliente_y_borrado(tmp_path):
    """validar, resumen, diff, compilar, plantilla y acuerdos dan los mismos bytes sin caché, con la caché
    vacía, llena, y con el índice y las validaciones recordadas borrados (la caché de archivos queda)."""
    shutil.copytree(DEMO, tmp_path / "datos")
    sin_indice = _salidas(tmp_path, "0")
    assert json.loads(sin_indice["diff"])["total"] > 0 and b"## " in sin_indice["salida/informe-2024-03.md"]
    # las plantillas de marzo llevan el seguimiento de los acuerdos abiertos de enero y febrero
    assert b"GRO-2024-01-003" in sin_indice["salida/p/guerrero/guerrero-2024-03.yaml"]
    assert _salidas(tmp_path, tmp_path / "c") == sin_indice  # frío: construye caché e índice
    assert _cortes(tmp_path / "c")  # se guardaron cortes
    assert _salidas(tmp_path, tmp_path / "c") == sin_indice  # caliente
    with sqlite3.connect(tmp_path / "c" / cache.BASE) as c:
        c.executescript("DROP TABLE cortes; DROP TABLE estado_corte; DELETE FROM validaciones;")
    assert _salidas(tmp_path, tmp_path / "c") == sin_indice


def test_lo_recordado_de_validar_ve_cambios_fuera_del_yaml(tmp_path):
    """diff, resumen y compilar validan la carpeta (lo recordado se guarda por la huella de todo lo que
    hay en ella): un texto del analista que aparece después también detiene a diff."""
    shutil.copytree(DEMO, tmp_path / "datos")
    escribir(tmp_path / "datos" / "2024-03" / "textos" / "temas.md", "Los temas del periodo.\n")
    orden = [sys.executable, "-m", "informe", *ORDENES["diff"]]
    entorno = {**os.environ, "INFORME_CACHE": str(tmp_path / "c")}
    for _ in range(2):
        assert subprocess.run(orden, cwd=tmp_path, capture_output=True, env=entorno, timeout=120).returncode == 0
    escribir(tmp_path / "datos" / "2024-03" / "textos" / "conclusiones.md", "Texto sin ranura.\n")
    r = subprocess.run(orden, cwd=tmp_path, capture_output=True, text=True, env=entorno, timeout=120)
    assert r.returncode == 1, r.stderr[-2000:]
    assert "texto-ranura" in r.stdout + r.stderr and "conclusiones.md" in r.stdout + r.stderr
