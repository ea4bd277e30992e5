"""Índice de la historia: el estado de los acuerdos al corte de un periodo, guardado por la huella de
todo lo que lo produjo.

El estado al corte de un periodo (cada acuerdo con su entidad, periodo en que se tomó, descripción,
estatus y los periodos de su último reporte y de su último cambio) depende solo de los archivos de JLE
de ese periodo y de los anteriores. Se identifica con una **cadena**: la huella del código y de los
alias del proceso, y, periodo por periodo, el nombre y la huella del contenido de cada archivo de JLE
(la misma huella de la caché: una edición del mismo tamaño con la fecha restaurada cambia la cadena de
su periodo y la de todos los siguientes).

Validar un mes pide el estado de los acuerdos que cita al corte del mes anterior: se consultan solo
esos, por id, en lugar de reconstruir la historia (24 periodos × 32 entidades, cientos de miles de
acuerdos). `diff` pide el estado completo al corte de dos periodos. Si el corte pedido no está, se parte
del último corte guardado de la misma cadena (el mes pasado, típicamente) y se aplican solo los periodos
que faltan, con la misma función que usa la lectura completa (`almacen.avanzar`): el trabajo crece con
lo que cambió, no con la historia.

El YAML sigue siendo la fuente. Un corte se escribe en una transacción (nunca a medias) con su número
de filas, y se lee con los tipos comprobados: cualquier cosa rara lo descarta y se reconstruye. Se
guardan los últimos `CORTES` usados. Sin caché (INFORME_CACHE=0), o si la base no se puede usar, la
misma respuesta sale de leer la historia completa. Borrar el índice solo cuesta tiempo.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from .almacen import Corte, DatosPeriodo, EstadoAcuerdo, avanzar
from .modelo import Mesa

CORTES = 6  # los cortes que se guardan: el mes que se valida, los dos de un diff y algo de margen

_TABLAS = (
    # de la versión anterior del índice (hechos por archivo): se quitan para no ocupar disco
    "DROP TABLE IF EXISTS hechos_archivo", "DROP TABLE IF EXISTS hechos_alta", "DROP TABLE IF EXISTS hechos_seg",
    "CREATE TABLE IF NOT EXISTS cortes (num INTEGER PRIMARY KEY, cadena TEXT NOT NULL UNIQUE, "
    "filas INTEGER NOT NULL, usado INTEGER NOT NULL, extras BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS estado_corte (corte INTEGER NOT NULL, id TEXT NOT NULL, entidad TEXT NOT NULL, "
    "periodo TEXT NOT NULL, descripcion TEXT NOT NULL, estatus TEXT, actualizado TEXT NOT NULL, "
    "cambiado TEXT NOT NULL, PRIMARY KEY (corte, id)) WITHOUT ROWID",
)
_COLUMNAS = "id, entidad, periodo, descripcion, estatus, actualizado, cambiado"


def _conexion():
    from .. import cache

    conexion = cache._abrir()
    if conexion is None:
        return None
    try:
        for sql in _TABLAS:
            conexion.execute(sql)
        columnas = [c[1] for c in conexion.execute("PRAGMA table_info(cortes)")]
        if columnas != ["num", "cadena", "filas", "usado", "extras"]:  # de otra versión o alterada: de nuevo
            conexion.executescript("DROP TABLE IF EXISTS cortes; DROP TABLE IF EXISTS estado_corte;")
            for sql in _TABLAS:
                conexion.execute(sql)
    except sqlite3.Error:
        return None
    return conexion


def cadenas(datos: Path, periodos: list[str], contexto=None) -> list[str] | None:
    """La cadena de cada periodo de `periodos` (los de `datos`, en orden, desde el primero); None si algún
    archivo no se puede leer (entonces no se guarda ni se consulta nada: se lee la historia)."""
    from .. import cache
    from ..cargar import huella_de_archivo
    from . import FAMILIA
    from .almacen import archivos_jle

    h = hashlib.blake2b(digest_size=20)
    h.update(cache.version_del_codigo().encode() + b"\0")
    h.update((contexto.firma() if contexto is not None else "").encode("utf-8", "surrogateescape") + b"\0")
    salida = []
    for pid in periodos:
        h.update(b"P" + pid.encode("utf-8", "surrogateescape") + b"\0")
        for ruta in archivos_jle(datos, pid):
            huella = huella_de_archivo(ruta, FAMILIA, contexto)
            if huella is None:
                return None
            # el nombre cuenta: decide el orden y, con dos archivos de una entidad, cuál vale
            h.update(ruta.name.encode("utf-8", "surrogateescape") + b"\0" + huella.encode() + b"\0")
        salida.append(h.hexdigest())
    return salida


def periodo_jle(datos: Path, pid: str, contexto) -> DatosPeriodo:
    """Los informes de JLE de un periodo, como los junta `almacen.cargar_datos`."""
    from ..almacen import nombre_visible
    from . import FAMILIA
    from .almacen import agregar_carga, archivos_jle

    dp = DatosPeriodo(pid)
    for ruta in archivos_jle(datos, pid):
        agregar_carga(dp, FAMILIA.cargar(ruta, nombre_visible(ruta), contexto))
    return dp


def estados_al_corte(datos: Path, corte: str, contexto=None, ids: set[str] | None = None,
                     incluido: bool = True) -> dict[str, EstadoAcuerdo] | None:
    """El estado de los acuerdos de `datos` al corte de `corte` (con `incluido=False`, justo antes de él):
    todos, o solo los de `ids`. None si el índice no se puede usar: quien llama lee la historia."""
    leido = al_corte(datos, corte, contexto, ids, incluido)
    return None if leido is None else leido.estados


def al_corte(datos: Path, corte: str, contexto=None, ids: set[str] | None = None,
             incluido: bool = True) -> Corte | None:
    """La historia de JLE de `datos` al corte de `corte` (con `incluido=False`, justo antes de él); None si
    el índice no se puede usar: quien llama lee la historia."""
    from ..almacen import ids_de_periodo

    conexion = _conexion()
    if conexion is None:
        return None
    periodos = [p for p in ids_de_periodo(datos) if p < corte or (incluido and p == corte)]
    if not periodos:
        return Corte({})
    lista = cadenas(datos, periodos, contexto)
    if lista is None:
        return None
    try:
        guardados = dict(conexion.execute(
            f"SELECT cadena, num FROM cortes WHERE cadena IN ({','.join('?' * len(lista))})", lista).fetchall())
        if lista[-1] in guardados:
            leido = _leer(conexion, guardados[lista[-1]], ids)
            if leido is not None:
                _usado(conexion, guardados[lista[-1]])
                return leido
        # el último corte guardado de esta misma historia; de ahí en adelante se aplica lo que falta
        base, desde = Corte({}), 0
        for i in range(len(lista) - 2, -1, -1):
            if lista[i] in guardados:
                leido = _leer(conexion, guardados[lista[i]], None)
                if leido is not None:
                    base, desde = leido, i + 1
                    break
    except (sqlite3.Error, ValueError, TypeError):
        return None
    for pid in periodos[desde:]:
        avanzar(base, periodo_jle(datos, pid, contexto))
    _guardar(conexion, lista[-1], base)
    if ids is not None:
        base.estados = {i: base.estados[i] for i in ids if i in base.estados}
    return base


# Una fila bien formada: los tipos que el índice escribe (SQLite no los impone). Se comprueban en SQL,
# sin pasar cada valor por Python.
_BIEN_FORMADA = ("typeof(id) = 'text' AND typeof(entidad) = 'text' AND typeof(periodo) = 'text' AND "
                 "typeof(descripcion) = 'text' AND typeof(estatus) IN ('text', 'null') AND "
                 "typeof(actualizado) = 'text' AND typeof(cambiado) = 'text'")


def _leer(conexion, num: int, ids: set[str] | None) -> Corte | None:
    """Las filas de un corte como estados; None (y el corte se borra) si no son las que se guardaron:
    filas de menos o de más (aunque se pidan solo algunas) o de otro tipo."""
    bien = conexion.execute(f"SELECT count(*) FROM estado_corte WHERE corte = ? AND {_BIEN_FORMADA}",
                            (num,)).fetchone()[0]
    todas = conexion.execute("SELECT count(*) FROM estado_corte WHERE corte = ?", (num,)).fetchone()[0]
    fila = conexion.execute("SELECT filas, extras FROM cortes WHERE num = ?", (num,)).fetchone()
    extras = _extras(fila[1]) if fila is not None else None
    if extras is None or bien != todas or fila[0] != todas:
        return _descartar(conexion, num)
    if ids is None:
        filas = conexion.execute(f"SELECT {_COLUMNAS} FROM estado_corte WHERE corte = ?", (num,))
    else:
        conexion.execute("CREATE TEMP TABLE IF NOT EXISTS buscados (id TEXT PRIMARY KEY)")
        conexion.execute("DELETE FROM buscados")
        conexion.executemany("INSERT OR IGNORE INTO buscados VALUES (?)", [(i,) for i in ids])
        filas = conexion.execute(f"SELECT {', '.join('e.' + c.strip() for c in _COLUMNAS.split(','))} "
                                 "FROM buscados b JOIN estado_corte e ON e.corte = ? AND e.id = b.id", (num,))
    return Corte({fila[0]: EstadoAcuerdo(*fila) for fila in filas}, *extras)


def _extras(valor) -> tuple[dict, set] | None:
    """Mesas y periodos con filas, guardados como JSON con las etiquetas de la caché (solo clases del
    modelo, nada se ejecuta); None si no son lo que el índice escribe."""
    from .. import cache
    from . import FAMILIA

    leido = cache.de_json(valor, FAMILIA)
    if not (isinstance(leido, list) and len(leido) == 2):
        return None
    mesas, con_filas = leido
    if not (isinstance(mesas, dict) and all(type(k) is str and type(v) is Mesa for k, v in mesas.items())
            and isinstance(con_filas, list) and all(type(p) is str for p in con_filas)):
        return None
    return mesas, set(con_filas)


def _descartar(conexion, num: int) -> None:
    try:
        conexion.execute("BEGIN IMMEDIATE")
        conexion.execute("DELETE FROM estado_corte WHERE corte = ?", (num,))
        conexion.execute("DELETE FROM cortes WHERE num = ?", (num,))
        conexion.execute("COMMIT")
    except sqlite3.Error:
        pass
    return None


def _usado(conexion, num: int) -> None:
    try:
        conexion.execute("UPDATE cortes SET usado = (SELECT COALESCE(MAX(usado), 0) + 1 FROM cortes) WHERE num = ?",
                         (num,))
    except sqlite3.Error:
        pass


def _guardar(conexion, cadena: str, corte: Corte) -> None:
    """Un corte, todo o nada (otro proceso puede estar guardando el mismo); se olvidan los menos usados."""
    from .. import cache
    from . import FAMILIA

    valor = cache.a_json([corte.mesas, sorted(corte.con_filas)], FAMILIA)
    if valor is None:
        return
    try:
        conexion.execute("BEGIN IMMEDIATE")
        try:
            if conexion.execute("SELECT 1 FROM cortes WHERE cadena = ?", (cadena,)).fetchone() is None:
                num = conexion.execute(
                    "INSERT INTO cortes (cadena, filas, usado, extras) VALUES (?, ?, (SELECT COALESCE(MAX(usado), 0) "
                    "+ 1 FROM cortes), ?)", (cadena, len(corte.estados), valor)).lastrowid
                conexion.executemany(
                    f"INSERT OR REPLACE INTO estado_corte (corte, {_COLUMNAS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(num, e.id, e.entidad, e.periodo, e.descripcion, e.estatus, e.actualizado, e.cambiado)
                     for e in corte.estados.values()])
                viejos = [n for (n,) in conexion.execute("SELECT num FROM cortes ORDER BY usado DESC LIMIT -1 OFFSET ?",
                                                         (CORTES,))]
                for n in viejos:
                    conexion.execute("DELETE FROM estado_corte WHERE corte = ?", (n,))
                    conexion.execute("DELETE FROM cortes WHERE num = ?", (n,))
            conexion.execute("COMMIT")
        except BaseException:
            conexion.execute("ROLLBACK")
            raise
    except sqlite3.Error:
        pass  # sin índice se responde igual, leyendo
