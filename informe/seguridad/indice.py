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
from collections import Counter
from pathlib import Path

from .almacen import Corte, DatosPeriodo, EstadoAcuerdo, avanzar
from .modelo import Mesa

CORTES = 6  # los cortes que se guardan: el mes que se valida, los dos de un diff y algo de margen

_TABLAS = (
    # de la versión anterior del índice (hechos por archivo): se quitan para no ocupar disco
    "DROP TABLE IF EXISTS hechos_archivo", "DROP TABLE IF EXISTS hechos_alta", "DROP TABLE IF EXISTS hechos_seg",
    # base: la cadena del corte del que se partió para calcular este (NULL: desde el principio)
    # firma: la de la caché (con la clave privada del usuario) sobre cadena, filas, extras y base
    "CREATE TABLE IF NOT EXISTS cortes (num INTEGER PRIMARY KEY, cadena TEXT NOT NULL UNIQUE, "
    "filas INTEGER NOT NULL, usado INTEGER NOT NULL, extras BLOB NOT NULL, base TEXT, firma TEXT NOT NULL)",
    # nuevo y antes: si el acuerdo estaba en el corte base y con qué estatus (lo que `diff` compara)
    "CREATE TABLE IF NOT EXISTS estado_corte (corte INTEGER NOT NULL, id TEXT NOT NULL, entidad TEXT NOT NULL, "
    "periodo TEXT NOT NULL, descripcion TEXT NOT NULL, estatus TEXT, actualizado TEXT NOT NULL, "
    "cambiado TEXT NOT NULL, nuevo INTEGER NOT NULL, antes TEXT, PRIMARY KEY (corte, id)) WITHOUT ROWID",
    # cuántos acuerdos hay de cada (entidad, nuevo, antes, estatus): la matriz de `diff` sin recorrer el corte
    "CREATE TABLE IF NOT EXISTS conteo_corte (corte INTEGER NOT NULL, entidad TEXT NOT NULL, nuevo INTEGER NOT NULL, "
    "antes TEXT, estatus TEXT, n INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS conteo_por_corte ON conteo_corte (corte)",
)
_FORMA = {"cortes": ["num", "cadena", "filas", "usado", "extras", "base", "firma"],
          "estado_corte": ["corte", "id", "entidad", "periodo", "descripcion", "estatus", "actualizado", "cambiado",
                           "nuevo", "antes"],
          "conteo_corte": ["corte", "entidad", "nuevo", "antes", "estatus", "n"]}
_COLUMNAS = "id, entidad, periodo, descripcion, estatus, actualizado, cambiado"


def _conexion():
    from .. import cache

    conexion = cache.abrir()
    if conexion is None:
        return None
    try:
        for sql in _TABLAS:
            conexion.execute(sql)
        if any([c[1] for c in conexion.execute(f"PRAGMA table_info({tabla})")] != columnas
               for tabla, columnas in _FORMA.items()):  # de otra versión o alterada: de nuevo
            conexion.executescript("DROP TABLE IF EXISTS cortes; DROP TABLE IF EXISTS estado_corte; "
                                   "DROP TABLE IF EXISTS conteo_corte;")
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
    from .almacen import archivos_jle
    from . import FAMILIA

    clave = cache.clave_de_firma()
    if clave is None:
        return None
    # con la clave privada del usuario: una base plantada o copiada de otra caché no tiene ninguna cadena
    # que coincida, y sus cortes nunca se encuentran
    h = hashlib.blake2b(digest_size=20, key=clave)
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


def periodo_jle(datos: Path, pid: str, contexto, cargas: dict | None = None) -> DatosPeriodo:
    """Los informes de JLE de un periodo, como los junta `almacen.cargar_datos`; `cargas` (ruta resuelta →
    carga): los archivos que la orden ya leyó al validar."""
    from ..almacen import nombre_visible
    from .almacen import agregar_carga, archivos_jle
    from . import FAMILIA

    dp = DatosPeriodo(pid)
    for ruta in archivos_jle(datos, pid):
        carga = cargas.get(ruta.resolve()) if cargas else None
        agregar_carga(dp, carga or FAMILIA.cargar(ruta, nombre_visible(ruta), contexto))
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

    periodos = [p for p in ids_de_periodo(datos) if p < corte or (incluido and p == corte)]
    if not periodos:
        return Corte({}) if _conexion() is not None else None
    for _ in range(2):  # un corte guardado con basura se descarta al leerlo y se calcula de nuevo
        guardado = guardar_corte(datos, periodos, contexto)
        if guardado is None:
            return None
        conexion, num, _, calculado = guardado
        if calculado is not None:
            if ids is not None:
                calculado.estados = {i: calculado.estados[i] for i in ids if i in calculado.estados}
            return calculado
        try:
            leido = _leer(conexion, num, ids)
        except (sqlite3.Error, ValueError, TypeError):
            return None
        if leido is not None:
            return leido
    return None


def guardar_corte(datos: Path, periodos: list[str], contexto=None, cargas: dict | None = None,
                  partida: tuple[str, Corte] | None = None) -> tuple[sqlite3.Connection, int, str, Corte | None] | None:
    """Que el corte al final de `periodos` (los de `datos` hasta él, en orden) esté en el índice: si ya
    estaba, su número y su cadena; si no, se calcula a partir del último corte guardado de la misma
    historia (o de `partida`, (cadena, corte) que quien llama acaba de calcular), se guarda y se devuelve
    también calculado. None si el índice no se puede usar. `cargas`: los archivos ya leídos."""
    conexion = _conexion()
    if conexion is None:
        return None
    lista = cadenas(datos, periodos, contexto)
    if lista is None:
        return None
    try:
        guardados = dict(conexion.execute(
            f"SELECT cadena, num FROM cortes WHERE cadena IN ({','.join('?' * len(lista))})", lista).fetchall())
        if lista[-1] in guardados and _completo(conexion, guardados[lista[-1]]):
            _usado(conexion, guardados[lista[-1]])
            return conexion, guardados[lista[-1]], lista[-1], None
        # el último corte guardado de esta misma historia; de ahí en adelante se aplica lo que falta
        base, desde, cadena_base = Corte({}), 0, None
        for i in range(len(lista) - 2, -1, -1):
            if partida is not None and lista[i] == partida[0]:  # recién calculado: no hace falta leerlo
                base, desde, cadena_base = partida[1], i + 1, lista[i]
                break
            if lista[i] in guardados:
                leido = _leer(conexion, guardados[lista[i]], None)
                if leido is not None:
                    base, desde, cadena_base = leido, i + 1, lista[i]
                    break
    except (sqlite3.Error, ValueError, TypeError):
        return None
    antes = {i: e.estatus for i, e in base.estados.items()}  # avanzar cambia los estados en su lugar
    for pid in periodos[desde:]:
        avanzar(base, periodo_jle(datos, pid, contexto, cargas))
    num = _guardar(conexion, lista[-1], base, cadena_base, antes)
    return None if num is None else (conexion, num, lista[-1], base)


def base_de(conexion, num: int) -> str | None:
    """La cadena del corte del que partió un corte guardado (None: de ninguno)."""
    return conexion.execute("SELECT base FROM cortes WHERE num = ?", (num,)).fetchone()[0]


def _completo(conexion, num: int) -> bool:
    """Que el corte tenga las filas que se guardaron, y sus conteos las mismas (una transacción a medias o
    un borrado a mano, no)."""
    fila = conexion.execute("SELECT filas, (SELECT count(*) FROM estado_corte WHERE corte = ?), (SELECT sum(n) FROM "
                            "conteo_corte WHERE corte = ?), cadena, extras, base, firma FROM cortes WHERE num = ?",
                            (num, num, num)).fetchone()
    if fila is not None and fila[0] == fila[1] and (fila[2] == fila[0] or (fila[2] is None and fila[0] == 0)) \
            and _firma_valida(fila[3], fila[0], fila[4], fila[5], fila[6]):
        return True
    _descartar(conexion, num)
    return False


def _firma(cadena: str, filas: int, extras: bytes, base: str | None) -> str | None:
    from .. import cache

    return cache.firma("cortes", cadena, str(filas), extras, "" if base is None else "B" + base)


def _firma_valida(cadena, filas, extras, base, firma) -> bool:
    import hmac

    if not (isinstance(cadena, str) and isinstance(filas, int) and isinstance(extras, bytes)
            and isinstance(firma, str) and (base is None or isinstance(base, str))):
        return False
    esperada = _firma(cadena, filas, extras, base)
    return esperada is not None and hmac.compare_digest(esperada, firma)


# Una fila bien formada: los tipos que el índice escribe (SQLite no los impone). Se comprueban en SQL,
# sin pasar cada valor por Python.
_BIEN_FORMADA = ("typeof(id) = 'text' AND typeof(entidad) = 'text' AND typeof(periodo) = 'text' AND "
                 "typeof(descripcion) = 'text' AND typeof(estatus) IN ('text', 'null') AND "
                 "typeof(actualizado) = 'text' AND typeof(cambiado) = 'text' AND typeof(nuevo) = 'integer' AND "
                 "typeof(antes) IN ('text', 'null')")


def _leer(conexion, num: int, ids: set[str] | None) -> Corte | None:
    """Las filas de un corte como estados; None (y el corte se borra) si no son las que se guardaron:
    filas de menos o de más (aunque se pidan solo algunas) o de otro tipo."""
    if not _completo(conexion, num):
        return None
    bien = conexion.execute(f"SELECT count(*) FROM estado_corte WHERE corte = ? AND {_BIEN_FORMADA}",
                            (num,)).fetchone()[0]
    filas_guardadas, extras = conexion.execute("SELECT filas, extras FROM cortes WHERE num = ?", (num,)).fetchone()
    extras = _extras(extras)
    if extras is None or bien != filas_guardadas:
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
        _borrar(conexion, num)
        conexion.execute("COMMIT")
    except sqlite3.Error:
        pass
    return None


def _borrar(conexion, num: int) -> None:
    for tabla, columna in (("estado_corte", "corte"), ("conteo_corte", "corte"), ("cortes", "num")):
        conexion.execute(f"DELETE FROM {tabla} WHERE {columna} = ?", (num,))


def _usado(conexion, num: int) -> None:
    try:
        conexion.execute("UPDATE cortes SET usado = (SELECT COALESCE(MAX(usado), 0) + 1 FROM cortes) WHERE num = ?",
                         (num,))
    except sqlite3.Error:
        pass


def _guardar(conexion, cadena: str, corte: Corte, base: str | None, antes: dict[str, str | None]) -> int | None:
    """Un corte, todo o nada (otro proceso puede estar guardando el mismo); se olvidan los menos usados.
    `base` y `antes`: la cadena del corte del que se partió y el estatus de cada acuerdo en él. El número
    del corte guardado, o None si no se pudo guardar."""
    from .. import cache
    from . import FAMILIA

    valor = cache.a_json([corte.mesas, sorted(corte.con_filas)], FAMILIA)
    firma = _firma(cadena, len(corte.estados), valor, base) if valor is not None else None
    if valor is None or firma is None:
        return None
    try:
        conexion.execute("BEGIN IMMEDIATE")
        try:
            fila = conexion.execute("SELECT num FROM cortes WHERE cadena = ?", (cadena,)).fetchone()
            if fila is not None:  # otro proceso lo guardó mientras se calculaba
                num = fila[0]
            else:
                num = conexion.execute(
                    "INSERT INTO cortes (cadena, filas, usado, extras, base, firma) VALUES (?, ?, (SELECT "
                    "COALESCE(MAX(usado), 0) + 1 FROM cortes), ?, ?, ?)",
                    (cadena, len(corte.estados), valor, base, firma)).lastrowid
                _insertar_estados(conexion, num, corte.estados, antes)
                conteo = Counter((e.entidad, e.id not in antes, antes.get(e.id), e.estatus) for e in corte.estados.values())
                conexion.executemany("INSERT INTO conteo_corte VALUES (?, ?, ?, ?, ?, ?)",
                                     [(num, *clave, n) for clave, n in sorted(conteo.items(), key=repr)])
                viejos = [n for (n,) in conexion.execute("SELECT num FROM cortes ORDER BY usado DESC LIMIT -1 OFFSET ?",
                                                         (CORTES,))]
                for n in viejos:
                    _borrar(conexion, n)
            conexion.execute("COMMIT")
        except BaseException:
            conexion.execute("ROLLBACK")
            raise
    except sqlite3.Error:
        return None  # sin índice se responde igual, leyendo
    return num


def _insertar_estados(conexion, num: int, estados: dict[str, EstadoAcuerdo], antes: dict[str, str | None]) -> None:
    """Las filas de un corte; `antes`: el estatus de cada acuerdo en el corte del que se partió (el que no
    está ahí es nuevo)."""
    conexion.executemany(
        f"INSERT OR REPLACE INTO estado_corte (corte, {_COLUMNAS}, nuevo, antes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        # en el orden de la clave: la tabla crece por el final en vez de partir páginas
        [(num, e.id, e.entidad, e.periodo, e.descripcion, e.estatus, e.actualizado, e.cambiado, e.id not in antes,
          antes.get(e.id)) for _, e in sorted(estados.items())])


# `diff`: la relación entre dos cortes guardados, una fila por acuerdo conocido en alguno de los dos, con su
# estatus en cada uno (o :nuevo, :desaparecido; sin estatus, :sin). Si el corte de llegada se calculó a
# partir del de partida, lo que guardó de él (nuevo, antes) basta: una pasada por un solo corte, sin
# cruzarlos, y nada desaparece (avanzar no quita acuerdos). Si no, se cruzan por id. Un valor que el
# índice no escribe da un estatus que no es del catálogo (o NULL), que `diferencias.comparar` rechaza.
_DESDE_SU_BASE = """
    SELECT id, entidad, descripcion, periodo,
           CASE nuevo WHEN 1 THEN :nuevo WHEN 0 THEN COALESCE(antes, :sin) END AS desde,
           COALESCE(estatus, :sin) AS hasta, cambiado
    FROM estado_corte WHERE corte = :corte_hasta"""
_CONTEO_DESDE_SU_BASE = """
    SELECT entidad, CASE nuevo WHEN 1 THEN :nuevo WHEN 0 THEN COALESCE(antes, :sin) END AS desde,
           COALESCE(estatus, :sin) AS hasta, n
    FROM conteo_corte WHERE corte = :corte_hasta"""
_CRUZANDO = """
    SELECT b.id, b.entidad, b.descripcion, b.periodo,
           CASE WHEN a.id IS NULL THEN :nuevo ELSE COALESCE(a.estatus, :sin) END AS desde,
           COALESCE(b.estatus, :sin) AS hasta, b.cambiado
    FROM estado_corte b LEFT JOIN estado_corte a ON a.corte = :corte_desde AND a.id = b.id
    WHERE b.corte = :corte_hasta
    UNION ALL
    SELECT a.id, a.entidad, a.descripcion, a.periodo, COALESCE(a.estatus, :sin), :desaparecido, NULL
    FROM estado_corte a
    WHERE a.corte = :corte_desde
      AND NOT EXISTS (SELECT 1 FROM estado_corte b WHERE b.corte = :corte_hasta AND b.id = a.id)"""
_CONTEO_CRUZANDO = f"SELECT entidad, desde, hasta, 1 AS n FROM ({_CRUZANDO})"


def entre_cortes(datos_desde: Path, desde: str, datos: Path, hasta: str, contexto_desde=None,
                 contexto=None, cargas: dict | None = None) -> tuple[sqlite3.Connection, str, str, dict] | None:
    """La relación de `diff` entre el corte de `desde` (en `datos_desde`) y el de `hasta` (en `datos`),
    calculando y guardando el que falte: (conexión, SQL de los acuerdos, SQL de sus conteos por entidad y
    estatus, parámetros de los cortes). None si el índice no se puede usar: quien llama lee la historia
    (`en_memoria`)."""
    from ..almacen import ids_de_periodo

    guardados, partida = [], None  # (número, cadena) del corte de P1 y del de P2
    for carpeta, corte, ctx in ((datos_desde, desde, contexto_desde), (datos, hasta, contexto)):  # P1 primero:
        periodos = [p for p in ids_de_periodo(carpeta) if p <= corte]  # el de P2 suele partir de él
        guardado = guardar_corte(carpeta, periodos, ctx, cargas, partida) if periodos else None
        if guardado is None:
            return None
        conexion, num, cadena, calculado = guardado
        guardados.append((num, cadena))
        # el de P1 recién calculado: el de P2 parte de él sin leerlo (avanzar lo cambia: ya no se usa)
        partida = (cadena, calculado) if calculado is not None and carpeta == datos else None
    try:
        de_base = base_de(conexion, guardados[1][0]) == guardados[0][1]
    except (sqlite3.Error, TypeError):
        return None
    return (conexion, *((_DESDE_SU_BASE, _CONTEO_DESDE_SU_BASE) if de_base else (_CRUZANDO, _CONTEO_CRUZANDO)),
            {"corte_desde": guardados[0][0], "corte_hasta": guardados[1][0]})


def en_memoria(previos: dict[str, EstadoAcuerdo],
               despues: dict[str, EstadoAcuerdo]) -> tuple[sqlite3.Connection, str, str, dict]:
    """La misma relación sobre dos cortes leídos de la historia, en una base en memoria (sin caché): `diff`
    se define una sola vez, en SQL, con índice y sin él."""
    conexion = sqlite3.connect(":memory:")
    for sql in _TABLAS:
        conexion.execute(sql)
    for num, estados in ((1, previos), (2, despues)):
        _insertar_estados(conexion, num, estados, {})
    return conexion, _CRUZANDO, _CONTEO_CRUZANDO, {"corte_desde": 1, "corte_hasta": 2}


def descartar(conexion, _sql: str, _conteo: str, parametros: dict) -> None:
    """Los dos cortes de una relación de `diff` que devolvió basura: se calcularán de nuevo."""
    for num in (parametros["corte_desde"], parametros["corte_hasta"]):
        _descartar(conexion, num)
