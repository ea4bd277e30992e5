"""Índice de la historia: los hechos que los periodos siguientes necesitan de cada archivo de una JLE.

Validar el seguimiento de un mes pide el estatus vigente de los acuerdos que ese mes cita, y para eso
no hace falta reconstruir la historia completa (24 periodos × 32 entidades, cientos de miles de
acuerdos). Aquí se guardan, por la **huella del contenido** de cada archivo (la misma de la caché),
sus altas (id, estatus) y su seguimiento (acuerdo, estatus, orden), en tablas de SQLite con índice por
id. Una consulta trae solo los acuerdos citados, y el estatus se calcula con las mismas reglas que
`almacen.aplicar`.

El YAML sigue siendo la fuente: un archivo editado cambia de huella y sus hechos se vuelven a leer;
uno sin hechos se interpreta (caché o YAML) y se agregan. Los hechos de un archivo se escriben en
una transacción (nunca a medias) y se leen con sus tipos comprobados: cualquier cosa rara se trata
como ausente y se reconstruye. Sin caché (INFORME_CACHE=0), o si la base no se puede usar, la misma
respuesta sale de leer la historia completa. Borrar el índice solo cuesta tiempo.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .almacen import EstadoAcuerdo

_TABLAS = (
    "CREATE TABLE IF NOT EXISTS hechos_archivo (clave TEXT PRIMARY KEY, entidad TEXT NOT NULL, "
    "periodo TEXT NOT NULL, altas INTEGER NOT NULL, seguimientos INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS hechos_alta (clave TEXT NOT NULL, id TEXT NOT NULL, estatus TEXT)",
    "CREATE INDEX IF NOT EXISTS hechos_alta_id ON hechos_alta (id)",
    "CREATE TABLE IF NOT EXISTS hechos_seg (clave TEXT NOT NULL, orden INTEGER NOT NULL, acuerdo TEXT NOT NULL, "
    "estatus TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS hechos_seg_acuerdo ON hechos_seg (acuerdo)",
)


def _conexion():
    from .. import cache

    conexion = cache._abrir()
    if conexion is None:
        return None
    try:
        for sql in _TABLAS:
            conexion.execute(sql)
    except sqlite3.Error:
        return None
    return conexion


def _guardar(conexion, clave: str, informe) -> None:
    """Los hechos de un archivo, todos o ninguno (otro proceso puede estar guardando los mismos)."""
    try:
        conexion.execute("BEGIN IMMEDIATE")
        try:
            if conexion.execute("SELECT 1 FROM hechos_archivo WHERE clave = ?", (clave,)).fetchone() is None:
                conexion.execute("DELETE FROM hechos_alta WHERE clave = ?", (clave,))
                conexion.execute("DELETE FROM hechos_seg WHERE clave = ?", (clave,))
                conexion.executemany("INSERT INTO hechos_alta (clave, id, estatus) VALUES (?, ?, ?)",
                                     [(clave, a.id, a.estatus) for a in informe.acuerdos])
                conexion.executemany("INSERT INTO hechos_seg (clave, orden, acuerdo, estatus) VALUES (?, ?, ?, ?)",
                                     [(clave, i, s.acuerdo, s.estatus) for i, s in enumerate(informe.seguimiento)])
                conexion.execute("INSERT INTO hechos_archivo VALUES (?, ?, ?, ?, ?)",
                                 (clave, informe.entidad, informe.periodo, len(informe.acuerdos),
                                  len(informe.seguimiento)))
            conexion.execute("COMMIT")
        except BaseException:
            conexion.execute("ROLLBACK")
            raise
    except sqlite3.Error:
        pass  # sin índice se responde igual, leyendo


def _texto(v) -> bool:
    return isinstance(v, str)


def estados_citados(datos: Path, antes_de: str, ids: set[str], contexto=None) -> dict[str, EstadoAcuerdo] | None:
    """El estado, antes del periodo `antes_de`, de los acuerdos `ids` de la historia de `datos`.

    None si el índice no se puede usar (sin caché): quien llama reconstruye la historia leyendo.
    La descripción no se guarda en el índice (no la necesita la validación): queda vacía.
    """
    from ..almacen import ids_de_periodo, nombre_visible
    from ..cargar import huella_de_archivo
    from . import FAMILIA
    from .almacen import archivos_jle
    from .modelo import InformeJLE

    conexion = _conexion()
    if conexion is None:
        return None
    activos: list[tuple[str, str, int]] = []  # (clave, periodo, orden del archivo en su periodo)
    for pid in ids_de_periodo(datos):
        if pid >= antes_de:
            break
        for orden, ruta in enumerate(archivos_jle(datos, pid)):
            clave = huella_de_archivo(ruta, FAMILIA, contexto)
            if clave is None:
                continue
            if conexion.execute("SELECT 1 FROM hechos_archivo WHERE clave = ?", (clave,)).fetchone() is None:
                registro = FAMILIA.cargar(ruta, nombre_visible(ruta), contexto).registro
                if not isinstance(registro, InformeJLE):
                    continue  # un archivo ilegible de la historia no aporta acuerdos (validar lo reporta)
                _guardar(conexion, clave, registro)
            activos.append((clave, pid, orden))
    try:
        return _consultar(conexion, activos, ids)
    except (sqlite3.Error, ValueError, TypeError):
        return None


def _consultar(conexion, activos: list[tuple[str, str, int]], ids: set[str]) -> dict[str, EstadoAcuerdo]:
    conexion.execute("CREATE TEMP TABLE IF NOT EXISTS activos (clave TEXT PRIMARY KEY, periodo TEXT, orden INTEGER)")
    conexion.execute("CREATE TEMP TABLE IF NOT EXISTS buscados (id TEXT PRIMARY KEY)")
    conexion.execute("DELETE FROM activos")
    conexion.execute("DELETE FROM buscados")
    conexion.executemany("INSERT OR IGNORE INTO activos VALUES (?, ?, ?)", activos)
    conexion.executemany("INSERT OR IGNORE INTO buscados VALUES (?)", [(i,) for i in ids])
    estados: dict[str, EstadoAcuerdo] = {}
    # altas en el orden en que `almacen.aplicar` las vería: la última gana
    for id_, entidad, periodo, estatus in conexion.execute(
            "SELECT a.id, f.entidad, f.periodo, a.estatus FROM hechos_alta a "
            "JOIN buscados b ON b.id = a.id JOIN activos v ON v.clave = a.clave "
            "JOIN hechos_archivo f ON f.clave = a.clave ORDER BY v.periodo, v.orden, a.rowid"):
        if not (_texto(id_) and _texto(entidad) and _texto(periodo) and (estatus is None or _texto(estatus))):
            raise ValueError("índice mal formado")
        estados[id_] = EstadoAcuerdo(id_, entidad, periodo, "", estatus, periodo, periodo)
    for acuerdo, entidad, periodo, estatus in conexion.execute(
            "SELECT s.acuerdo, f.entidad, f.periodo, s.estatus FROM hechos_seg s "
            "JOIN buscados b ON b.id = s.acuerdo JOIN activos v ON v.clave = s.clave "
            "JOIN hechos_archivo f ON f.clave = s.clave ORDER BY v.periodo, v.orden, s.orden"):
        if not (_texto(acuerdo) and _texto(entidad) and _texto(periodo) and _texto(estatus)):
            raise ValueError("índice mal formado")
        e = estados.get(acuerdo)
        # como `aplicar`: el seguimiento cuenta después del periodo del alta y solo de su propia entidad
        if e is None or periodo <= e.periodo or e.entidad != entidad:
            continue
        if estatus != e.estatus:
            e.cambiado = periodo
        e.estatus, e.actualizado = estatus, periodo
    return estados
