"""Caché de archivos ya interpretados: releer la historia no vuelve a componer YAML que no cambió.

Cada archivo se guarda ya interpretado (registro y problemas) bajo la **huella de su contenido**:
BLAKE2b de sus bytes, del código que lo interpreta y de lo que la interpretación toma de fuera
(tipo de archivo, periodo de su carpeta, alias del proceso). Una edición del mismo tamaño con la
fecha restaurada (`touch -r`, `cp -p`, `rsync -t`) cambia la huella; la ruta y la fecha no cuentan.

Se guarda en SQLite (de la biblioteca estándar; WAL: varios procesos leen y escriben a la vez) como
JSON con etiquetas de tipo, nunca pickle: lo que se lee solo puede volverse una de las clases de
datos del modelo de la familia (lista cerrada), con sus campos contados; cualquier otra cosa es un fallo de
caché y el archivo se vuelve a leer. Una base que no es SQLite se borra y se crea de nuevo. La
carpeta se crea privada (0700); si no es del usuario, si otros pueden escribir en ella o en la base, o si
una de ellas es un enlace simbólico, no se usa. Cada fila lleva una firma (BLAKE2b con una clave de 32
bytes al azar guardada en `clave`, 0600, en la misma carpeta): una fila plantada o copiada de otra caché
no se firma igual y se descarta; el resultado se calcula de nuevo desde el YAML (docs/seguridad.md).
La caché es prescindible: borrarla solo cuesta tiempo; si no se puede usar, todo funciona igual.

    INFORME_CACHE=/ruta   carpeta de la caché (por omisión $XDG_CACHE_HOME/informe o ~/.cache/informe)
    INFORME_CACHE=0       sin caché
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import stat
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable

BASE = "cache.sqlite3"
# archivos interpretados (JSON), gráficas ya dibujadas (PNG) y los problemas de validar una carpeta
# de datos hasta un periodo (JSON), por la huella de todo lo que la carpeta tiene
TABLAS = ("cargas", "figuras", "validaciones", "arboles", "typst")


@lru_cache(maxsize=1)
def carpeta() -> Path | None:
    valor = os.environ.get("INFORME_CACHE")
    if valor == "0":
        return None
    if valor:
        return Path(valor)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "informe"


@lru_cache(maxsize=1)
def version_del_codigo() -> str:
    """Cambia cuando cambia cualquier módulo del paquete: todos pueden influir en cómo se interpreta un
    archivo (catálogos, reglas, modelo), así que no hay una lista a mano que se pueda quedar corta."""
    aqui = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    for ruta in sorted(aqui.rglob("*.py")):  # el núcleo y los paquetes de cada familia
        h.update(ruta.relative_to(aqui).as_posix().encode() + b"\0" + ruta.read_bytes() + b"\0")
    return h.hexdigest()


def contenido(datos: bytes) -> str:
    """La huella de unos bytes (BLAKE2b): lo único que identifica un archivo; ni su ruta ni su fecha."""
    return hashlib.blake2b(datos, digest_size=32).hexdigest()


def clave(huella_contenido: str, *contexto: str) -> str:
    """La clave de un archivo interpretado: la huella de su contenido y todo lo que su interpretación
    toma de fuera (la familia la completa con su nombre, sus alias, el tipo de archivo y el periodo de
    la carpeta)."""
    h = hashlib.blake2b(digest_size=32)
    for parte in (version_del_codigo(), *contexto, huella_contenido):
        h.update(parte.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------- JSON con etiquetas

_CLASES: dict[str, dict[str, type]] = {}


def _clases(familia) -> dict[str, type]:
    """La lista cerrada de clases que se reconstruyen: Carga, Problema y las del modelo de la familia."""
    if familia.nombre not in _CLASES:
        from .problemas import Carga, Problema

        _CLASES[familia.nombre] = {c.__name__: c for c in (Carga, Problema, *familia.clases)}
    return _CLASES[familia.nombre]


class _NoSeGuarda(Exception):
    """Un valor que el formato de la caché no representa: ese archivo no se guarda (se relee cada vez)."""


def _codificar(valor, clases: dict[str, type], filas: dict):
    """`filas`: las clases que la familia guarda como filas posicionales (nombre → etiqueta, ida, vuelta)."""
    if valor is None or isinstance(valor, (str, bool, int, float)):
        return valor
    if filas and type(valor).__name__ in filas:
        etiqueta, ida, _ = filas[type(valor).__name__]
        return [etiqueta, *ida(valor, lambda v: _codificar(v, clases, filas))]
    if isinstance(valor, date):
        return ["d", valor.isoformat()]
    if isinstance(valor, list):
        return ["l", [_codificar(v, clases, filas) for v in valor]]
    if isinstance(valor, tuple):
        return ["t", [_codificar(v, clases, filas) for v in valor]]
    if isinstance(valor, dict):
        return ["m", [[_codificar(k, clases, filas), _codificar(v, clases, filas)] for k, v in valor.items()]]
    if dataclasses.is_dataclass(valor) and type(valor).__name__ in clases:
        return ["c", type(valor).__name__, [_codificar(getattr(valor, f.name), clases, filas)
                                            for f in dataclasses.fields(valor)]]
    raise _NoSeGuarda(type(valor).__name__)


def _decodificar(valor, clases: dict[str, type], filas: dict | None = None):
    """Solo construye listas, tuplas, mapas, fechas y las clases de la lista cerrada; lo demás es error."""
    if valor is None or isinstance(valor, (str, bool, int, float)):
        return valor
    if not isinstance(valor, list) or not valor:
        raise ValueError("entrada de caché mal formada")

    def uno(v):
        return _decodificar(v, clases, filas)

    etiqueta = valor[0]
    propia = _PROPIAS.get(etiqueta) if isinstance(etiqueta, str) else None
    if propia is not None and len(valor) == 2 and isinstance(valor[1], propia[0]):
        return propia[1](valor[1], uno)
    for de_familia, _, vuelta in (filas or {}).values():
        if etiqueta == de_familia:
            return vuelta(valor[1:], uno)
    if etiqueta == "c":
        return _instancia(valor, clases, uno)
    raise ValueError("entrada de caché mal formada")


# Las etiquetas de los valores que no son clases: etiqueta → (tipo de lo que la sigue, cómo se reconstruye
# con `uno`, que decodifica cada elemento).
_PROPIAS: dict[str, tuple[type, Callable]] = {
    "d": (str, lambda v, uno: date.fromisoformat(v)),
    "l": (list, lambda v, uno: [uno(x) for x in v]),
    "t": (list, lambda v, uno: tuple(uno(x) for x in v)),
    "m": (list, lambda v, uno: {uno(k): uno(x) for k, x in v}),
}


def _instancia(valor: list, clases: dict[str, type], uno: Callable):
    """`["c", nombre, campos]`: una clase de la lista cerrada con sus campos en orden. Otra clase es un error;
    otros campos, de otra versión del modelo, también."""
    if len(valor) != 3 or valor[1] not in clases or not isinstance(valor[2], list):
        raise ValueError("entrada de caché mal formada")
    clase, campos = clases[valor[1]], valor[2]
    if len(dataclasses.fields(clase)) != len(campos):
        raise ValueError("entrada de caché de otra versión")
    return clase(*(uno(v) for v in campos))


def a_json(valor, familia) -> bytes | None:
    """`valor` en el JSON con etiquetas de la caché; None si el formato no lo representa (no se guarda)."""
    try:
        return json.dumps(_codificar(valor, _clases(familia), familia.filas_cache), ensure_ascii=False,
                          separators=(",", ":")).encode()
    except (_NoSeGuarda, ValueError, RecursionError):
        return None


def de_json(valor: bytes, familia):
    """Lo que `a_json` escribió, con solo las clases de la lista cerrada; None si está mal formado o es de
    otra versión (quien llama comprueba además que sea lo que esperaba)."""
    try:
        return _decodificar(json.loads(valor), _clases(familia), familia.filas_cache)
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


# --------------------------------------------------------------------------- SQLite

_conexion = None  # una por proceso; False si la caché no se puede usar en este proceso


def _de_confianza(ruta: Path, carpeta: bool) -> bool:
    """`ruta` (vista con lstat: un enlace no cuenta como su destino) es una carpeta o un archivo común del
    usuario que corre la orden, y nadie más puede escribir en ella. Una caché en una carpeta compartida
    (INFORME_CACHE=/tmp/x, creada por otro) podría traer filas plantadas: no se usa."""
    st = os.lstat(ruta)
    tipo = stat.S_ISDIR(st.st_mode) if carpeta else stat.S_ISREG(st.st_mode)
    return tipo and st.st_uid == os.getuid() and not st.st_mode & 0o022


def _privada(ruta: Path) -> bool:
    """La carpeta existe (se crea 0700), es del usuario y solo él escribe en ella; lo mismo la base y sus
    archivos de WAL si existen. Ninguno es un enlace simbólico."""
    try:
        ruta.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _de_confianza(ruta, carpeta=True):
            return False
        base = ruta / BASE
        try:
            if not _de_confianza(base, carpeta=False):
                return False
        except FileNotFoundError:
            # se crea privada y sin seguir enlaces (O_NOFOLLOW) antes de que SQLite la abra
            os.close(os.open(base, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
        for sufijo in ("-wal", "-shm"):
            try:
                if not _de_confianza(ruta / (BASE + sufijo), carpeta=False):
                    return False
            except FileNotFoundError:
                pass
        return _clave_privada(ruta) is not None
    except OSError:
        return False


CLAVE = "clave"


def _clave_privada(ruta: Path) -> bytes | None:
    """La clave con que se firman las filas (32 bytes al azar), en un archivo 0600 de la carpeta privada.

    Se crea completa en un temporal y se enlaza con `os.link`, que falla si ya existe: dos procesos a la
    vez nunca leen una clave a medias ni se pisan. Una clave que otros pueden leer no sirve (podrían
    firmar filas): entonces no hay caché."""
    global _CLAVE
    if _CLAVE is not None and _CLAVE[0] == ruta:
        return _CLAVE[1]
    archivo = ruta / CLAVE
    try:
        st = os.lstat(archivo)
    except FileNotFoundError:
        import secrets
        import tempfile

        fd, temporal = tempfile.mkstemp(prefix=".clave.", dir=ruta)  # 0600
        try:
            os.write(fd, secrets.token_bytes(32))
            os.fsync(fd)
            os.close(fd)
            try:
                os.link(temporal, archivo)
            except FileExistsError:
                pass  # otro proceso la creó primero: vale la suya
        finally:
            os.unlink(temporal)
        st = os.lstat(archivo)
    if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None
    fd = os.open(archivo, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        clave = os.read(fd, 64)
    finally:
        os.close(fd)
    if len(clave) != 32:
        return None
    _CLAVE = (ruta, clave)
    return clave


_CLAVE: tuple[Path, bytes] | None = None


def clave_de_firma() -> bytes | None:
    """La clave privada del usuario (para el índice, que encadena sus propias huellas); None sin caché."""
    return None if abrir() is None or _CLAVE is None else _CLAVE[1]


def firma(*partes: bytes | str) -> str | None:
    """La firma (BLAKE2b con la clave privada del usuario: un MAC) de `partes`; None sin caché usable.
    Sin la clave nadie puede fabricar una fila que pase por buena, ni en esta base ni en una que se copie
    de otro lado."""
    if abrir() is None or _CLAVE is None:
        return None
    h = hashlib.blake2b(key=_CLAVE[1], digest_size=32)
    for parte in partes:
        dato = parte.encode("utf-8", "surrogateescape") if isinstance(parte, str) else parte
        h.update(len(dato).to_bytes(8, "big") + dato)
    return h.hexdigest()


def abrir():
    """La conexión a la base de la caché (una por proceso, en WAL), o None si la caché no se puede usar:
    apagada, en una carpeta que no es privada o en una base que no se pudo crear de nuevo."""
    global _conexion
    if _conexion is not None:
        return _conexion or None
    import sqlite3

    _conexion = False
    base = carpeta()
    if base is None or not _privada(base):
        return None
    for intento in range(2):
        conexion = None
        try:
            conexion = sqlite3.connect(base / BASE, timeout=ESPERA, isolation_level=None, check_same_thread=False)
            conexion.execute("PRAGMA journal_mode=WAL")
            # con WAL, NORMAL no corrompe la base; un corte de luz puede perder lo último guardado, que en
            # una caché solo cuesta volver a leerlo. FULL sincronizaba el disco por cada archivo de la historia.
            conexion.execute("PRAGMA synchronous=NORMAL")
            for tabla in TABLAS:  # cada valor con la huella de sus bytes: truncado o alterado = fallo de caché
                conexion.execute(f"CREATE TABLE IF NOT EXISTS {tabla} "
                                 "(clave TEXT PRIMARY KEY, huella TEXT NOT NULL, valor BLOB NOT NULL)")
            _conexion = conexion
            return conexion
        except sqlite3.DatabaseError as e:
            if _ocupada(e):  # otro proceso la tiene tomada: nunca se borra (es su base también)
                if conexion is not None:
                    conexion.close()
                _apagar_por_ocupada(base)
                return None
            if intento:  # no es una base SQLite (basura, truncada): se borra y se crea de nuevo
                return None
            _borrar_base(base)
            if not _privada(base):
                return None
    return None


def _borrar_base(base: Path) -> None:
    for sufijo in ("", "-wal", "-shm"):
        try:
            (base / (BASE + sufijo)).unlink()
        except OSError:
            pass


def reiniciar() -> None:
    """Cierra la conexión del proceso (los tests cambian de carpeta de caché)."""
    global _conexion, _CLAVE
    if _conexion:
        _conexion.close()
    _conexion = None
    _CLAVE = None
    carpeta.cache_clear()


def _huella(tabla: str, clave: str, valor: bytes) -> str | None:
    """La firma de una fila: su tabla, su clave y su valor (una fila válida movida a otra clave no vale)."""
    return firma(tabla, clave, valor)


def _leer_fila(tabla: str, clave: str) -> bytes | None:
    """Los bytes guardados bajo `clave`, solo si siguen siendo los que se guardaron."""
    import sqlite3

    conexion = abrir()
    if conexion is None:
        return None
    try:
        fila = conexion.execute(f"SELECT huella, valor FROM {tabla} WHERE clave = ?", (clave,)).fetchone()
    except sqlite3.Error as e:
        if _ocupada(e):
            _apagar_por_ocupada(carpeta())
        return None
    if fila is None or not isinstance(fila[1], bytes) or not isinstance(fila[0], str):
        return None
    esperada = _huella(tabla, clave, fila[1])
    if esperada is None or not hmac.compare_digest(esperada, fila[0]):
        return None  # de otra clave, alterada o truncada: se vuelve a calcular desde el YAML
    return fila[1]


def _guardar_fila(tabla: str, clave: str, valor: bytes) -> None:
    import sqlite3

    conexion = abrir()
    if conexion is None:
        return
    huella = _huella(tabla, clave, valor)
    if huella is None:
        return
    try:
        conexion.execute(f"INSERT OR REPLACE INTO {tabla} (clave, huella, valor) VALUES (?, ?, ?)",
                         (clave, huella, valor))
    except sqlite3.Error as e:  # sin caché se sigue funcionando igual
        if _ocupada(e):
            _apagar_por_ocupada(carpeta())


# Cuánto espera la caché, una sola vez por proceso, a que otro proceso suelte la base (segundos). Otro
# `informe` la tiene tomada solo mientras escribe una fila; si tarda más, está detenido (Ctrl+Z, un
# depurador) o colgado: esperar 10 s por cada archivo hacía que `validar` de 105 archivos pasara de dos
# minutos. Se espera una vez y se sigue sin caché: solo cuesta volver a leer.
ESPERA = 2.0
AVISO_OCUPADA = ("Aviso: la caché {carpeta} está ocupada por otro proceso de informe (¿uno detenido?); "
                 "esta orden sigue sin ella: el resultado es el mismo, solo tarda más.")


def _ocupada(error: Exception) -> bool:
    texto = str(error).lower()
    return "locked" in texto or "busy" in texto


def _apagar_por_ocupada(base: Path | None) -> None:
    """La base sigue tomada después de la espera: la caché se apaga para el resto del proceso (ninguna
    otra lectura ni escritura vuelve a esperar) y se dice una vez, en la salida de errores."""
    global _conexion
    if _conexion:
        try:
            _conexion.close()
        except Exception:  # noqa: BLE001 - cerrar una conexión ocupada no debe detener la orden
            pass
    _conexion = False
    avisar(AVISO_OCUPADA.format(carpeta=base))


def avisar(mensaje: str) -> None:
    import sys

    from .mostrar import visible

    try:
        sys.stderr.write(visible(mensaje) + "\n")
    except (OSError, ValueError):
        pass  # sin salida de errores (cerrada) no hay a quién decirlo


def leer(huella: str, nombre: str, familia):
    """La Carga guardada con esa huella, con los nombres de archivo de esta llamada; None si no hay o no vale."""
    valor = _leer_fila("cargas", huella)
    carga = de_json(valor, familia) if valor is not None else None
    if type(carga).__name__ != "Carga":
        return None  # no hay, de otra versión o mal formada: se vuelve a leer el archivo
    carga.archivo = nombre  # el mismo contenido, visto con otro nombre o desde otra carpeta de trabajo
    carga.problemas = [dataclasses.replace(p, archivo=nombre) for p in carga.problemas]
    if carga.registro is not None and hasattr(carga.registro, "archivo"):
        carga.registro.archivo = nombre
    return carga


def guardar(huella: str, carga, familia) -> None:
    valor = a_json(carga, familia)
    if valor is not None:  # si no, ese archivo se relee cada vez
        _guardar_fila("cargas", huella, valor)


def leer_figura(huella: str) -> bytes | None:
    """El PNG ya dibujado con esa huella (ver graficas.huellas); None si no hay o sus bytes no cuadran."""
    return _leer_fila("figuras", huella)


def guardar_figura(huella: str, png: bytes) -> None:
    _guardar_fila("figuras", huella, png)


def leer_arbol(clave_capitulo: str) -> bytes | None:
    """El árbol de pandoc (JSON) de un capítulo ya leído (ver convertir.LectorPorCapitulos); None si no hay o
    sus bytes no cuadran. Es JSON: leerlo no ejecuta nada."""
    return _leer_fila("arboles", clave_capitulo)


def guardar_arbol(clave_capitulo: str, arbol: bytes) -> None:
    _guardar_fila("arboles", clave_capitulo, arbol)


def leer_typst(clave: str) -> str | None:
    """El Typst de un capítulo, o el de la plantilla, ya escrito (ver convertir._typst_por_capitulos)."""
    valor = _leer_fila("typst", clave)
    try:
        return valor.decode("utf-8") if valor is not None else None
    except UnicodeDecodeError:
        return None


def guardar_typst(clave: str, texto: bytes) -> None:
    _guardar_fila("typst", clave, texto)


def leer_problemas(clave_carpeta: str, familia) -> list | None:
    """Los problemas de una validación ya hecha (ver validar.validar_hasta); None si no hay o no valen."""
    valor = _leer_fila("validaciones", clave_carpeta)
    problemas = de_json(valor, familia) if valor is not None else None
    if not isinstance(problemas, list) or any(type(p).__name__ != "Problema" for p in problemas):
        return None
    return problemas


def guardar_problemas(clave_carpeta: str, problemas: list, familia) -> None:
    valor = a_json(problemas, familia)
    if valor is not None:
        _guardar_fila("validaciones", clave_carpeta, valor)
