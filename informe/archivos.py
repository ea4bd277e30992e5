"""Escritura atómica (un archivo aparece completo o no cambia), zips deterministas, respaldos, el guardado
con respaldo de `recibir` e `importar`, y el candado de un escritor por carpeta de datos."""

from __future__ import annotations

import errno
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errores import CarpetaOcupada

# --------------------------------------------------------------------------- lectura de lo que llega


def tipo_especial(modo: int) -> tuple[str, str] | None:
    """(código, qué es) si `modo` (de lstat) no es un archivo común: un enlace, una FIFO o un dispositivo.

    Un enlace se sigue hasta donde apunte (`ln -s /etc/shadow adjunto.yaml`): su destino no es un envío.
    Abrir una FIFO bloquea para siempre; un dispositivo (/dev/zero) no termina o no es de nadie."""
    import stat

    if stat.S_ISREG(modo):
        return None
    if stat.S_ISLNK(modo):
        return "archivo-enlace", "un enlace simbólico"
    if stat.S_ISFIFO(modo):
        return "archivo-fifo", "una tubería con nombre (FIFO)"
    if stat.S_ISDIR(modo):
        return "archivo-ilegible", "una carpeta"
    if stat.S_ISSOCK(modo):
        return "archivo-dispositivo", "un socket"
    return "archivo-dispositivo", "un dispositivo"


def leer_entrada(ruta: Path, nombre: str, maximo: int) -> tuple[bytes | None, list]:
    """Hasta `maximo` + 1 bytes de un archivo común, sin seguir enlaces ni bloquear en FIFOs.

    `lstat` dice qué es antes de abrir; `O_NOFOLLOW | O_NONBLOCK` cierra la ventana entre mirar y abrir
    (alguien cambia el archivo por un enlace o una FIFO en medio) y `fstat` confirma lo que se abrió.
    Lo que no es un archivo común es un problema con su propio código, nunca una espera ni una lectura
    de otro archivo."""
    import stat

    from .errores import causa
    from .problemas import problema

    def especial(modo: int) -> tuple[None, list]:
        codigo, que = tipo_especial(modo)
        return None, [problema(nombre, None, None, codigo, f"El envío es {que}, no un archivo: no se lee.",
                               "Envíe el archivo mismo (una copia), no un enlace ni un dispositivo.")]

    try:
        modo = os.lstat(ruta).st_mode
        if not stat.S_ISREG(modo):
            return especial(modo)
        fd = os.open(ruta, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        if e.errno == getattr(__import__("errno"), "ELOOP", -1):  # se cambió por un enlace tras lstat
            return especial(stat.S_IFLNK)
        return None, [problema(nombre, None, None, "archivo-ilegible",
                               f"No se pudo leer el archivo: {causa(e)}.",
                               "Revise que exista y que tenga permiso de lectura.")]
    try:
        modo = os.fstat(fd).st_mode
        if not stat.S_ISREG(modo):
            return especial(modo)
        partes, falta = [], maximo + 1
        while falta > 0:
            parte = os.read(fd, min(falta, 1 << 20))
            if not parte:
                break
            partes.append(parte)
            falta -= len(parte)
        return b"".join(partes), []
    except OSError as e:
        return None, [problema(nombre, None, None, "archivo-ilegible",
                               f"No se pudo leer el archivo: {causa(e)}.",
                               "Revise que el disco y el archivo estén disponibles.")]
    finally:
        os.close(fd)



def leer_texto_importado(ruta: Path, maximo: int, que: str, consejo_utf8: str) -> str:
    """El texto UTF-8 de un archivo que `importar` lee (sin seguir enlaces, acotado en bytes), o
    ErrorDeLectura que dice por qué no: no es un archivo común, pesa más de `maximo` (no parece `que`) o
    no es UTF-8 (`consejo_utf8` dice qué hacer). Cada familia cuenta después las líneas a su modo."""
    from .errores import ErrorDeLectura

    crudo, problemas = leer_entrada(ruta, ruta.name, maximo)
    if crudo is None:
        raise ErrorDeLectura(f"{ruta.name}: {problemas[0].mensaje}")
    if len(crudo) > maximo:
        raise ErrorDeLectura(f"{ruta.name} pesa más de {maximo // 2**20} MB: no parece {que}; no se importa.")
    try:
        return crudo.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ErrorDeLectura(f"{ruta.name} no es texto UTF-8 (byte 0x{e.object[e.start]:02X} en la posición "
                             f"{e.start}){consejo_utf8}") from e

def escribir_atomico(ruta: Path, contenido: str | bytes) -> None:
    """Escribe en un temporal de la misma carpeta y lo mueve a su lugar con `os.replace`.

    En Linux el temporal no tiene nombre mientras se escribe (O_TMPFILE): un kill -9 o un disco lleno a
    media escritura no dejan nada en la carpeta. Recibe nombre (oculto, con el pid de quien escribe) solo
    un instante antes de moverse a su lugar; lo que un proceso muerto dejara así lo borra la siguiente
    escritura en la misma carpeta. Un error nombra el archivo que se quería escribir, no el temporal."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    datos = contenido.encode("utf-8") if isinstance(contenido, str) else contenido
    limpiar_temporales(ruta.parent)
    temporal = str(ruta.with_name(f".{ruta.name}.{os.getpid()}-{os.urandom(4).hex()}.tmp"))
    try:
        _escribir_temporal(ruta.parent, temporal, datos)
        os.replace(temporal, ruta)
    except BaseException as e:
        Path(temporal).unlink(missing_ok=True)
        if isinstance(e, OSError):  # «disco lleno» sin decir dónde no se puede corregir; el temporal no dice nada
            e.filename, e.filename2 = str(ruta), None
        raise


def _escribir_temporal(carpeta: Path, temporal: str, datos: bytes) -> None:
    """`datos` en `temporal`, completos y en disco. Primero en un archivo sin nombre (O_TMPFILE) al que se
    da nombre al final; donde no se puede (otro sistema, overlayfs: EXDEV al enlazarlo), con nombre desde
    el principio, creado con O_EXCL y los permisos de un archivo nuevo cualquiera (0666 menos la umask)."""
    global _ANONIMO
    if _ANONIMO and _O_TMPFILE and os.path.isdir("/proc/self/fd"):
        try:
            fd = os.open(carpeta, _O_TMPFILE | os.O_WRONLY, 0o666)
        except OSError as e:
            if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
                raise
            fd = None  # el sistema de archivos no lo admite (EOPNOTSUPP; EISDIR en núcleos viejos)
        if fd is not None:
            try:
                _volcar(fd, datos)
                # linkat con AT_SYMLINK_FOLLOW: os.link sin dir_fd llama a link(), que en Linux enlazaría el
                # enlace mágico de /proc mismo (EXDEV); con src_dir_fd (ignorado: la ruta es absoluta) usa linkat
                os.link(f"/proc/self/fd/{fd}", temporal, src_dir_fd=fd, follow_symlinks=True)
                return
            except OSError as e:
                if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO):
                    raise
                _ANONIMO = False  # no se puede nombrar aquí: en este proceso, con nombre desde el principio
            finally:
                os.close(fd)
    fd = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        _volcar(fd, datos)
    finally:
        os.close(fd)


def _volcar(fd: int, datos: bytes) -> None:
    vista = memoryview(datos)
    while vista:
        vista = vista[os.write(fd, vista):]
    os.fsync(fd)


_ANONIMO = True
_O_TMPFILE = getattr(os, "O_TMPFILE", 0)
# el temporal con nombre de `escribir_atomico`: .<archivo>.<pid>-<8 hex>.tmp
_TEMPORAL = re.compile(r"\..+\.([0-9]{1,10})-[0-9a-f]{8}\.tmp")


# Un temporal más nuevo que esto no se borra aunque su pid no exista aquí: puede ser de un proceso de otro
# espacio de pids (un contenedor que comparte la carpeta) que sigue escribiéndolo.
EDAD_DE_UN_TEMPORAL_HUERFANO = 60.0


def limpiar_temporales(carpeta: Path) -> list[Path]:
    """Borra de `carpeta` los temporales con nombre de `escribir_atomico` cuyo proceso ya no existe (lo
    que deja un kill -9 en el instante entre nombrarlo y moverlo, o donde no hay O_TMPFILE). Los de un
    proceso vivo, o de hace menos de un minuto, no se tocan: pueden estar escribiéndose. Devuelve los que
    borró."""
    import time

    borrados = []
    try:
        entradas = list(os.scandir(carpeta))
    except OSError:
        return borrados
    limite = time.time() - EDAD_DE_UN_TEMPORAL_HUERFANO
    for entrada in entradas:
        m = _TEMPORAL.fullmatch(entrada.name)
        if m is None or _vivo(int(m[1])):
            continue
        try:
            if entrada.is_file(follow_symlinks=False) and entrada.stat(follow_symlinks=False).st_mtime < limite:
                os.unlink(entrada.path)
                borrados.append(Path(entrada.path))
        except OSError:
            pass  # otro proceso lo borró primero, o no hay permiso: se queda, oculto
    return borrados


def _vivo(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # de otro usuario, o no se puede saber: no se toca
    return True


# El DOCX y la hoja de `acuerdos` son zips: con la fecha de la corrida dentro, los mismos datos darían otros bytes.
FECHA_ZIP = (1980, 1, 1, 0, 0, 0)


def zip_determinista(contenido: bytes, cambiar: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """Mismo contenido, mismos bytes: fechas fijas y orden estable dentro del zip. `cambiar` reescribe
    partes que la biblioteca sella con la hora de la corrida (openpyxl: docProps/core.xml)."""
    import io
    import zipfile

    origen = zipfile.ZipFile(io.BytesIO(contenido))
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for info in origen.infolist():
            nuevo = zipfile.ZipInfo(info.filename, FECHA_ZIP)
            nuevo.compress_type = zipfile.ZIP_DEFLATED
            nuevo.external_attr = 0o644 << 16
            parte = origen.read(info.filename)
            if cambiar and info.filename in cambiar:
                parte = cambiar[info.filename](parte)
            z.writestr(nuevo, parte)
    return salida.getvalue()


def mover_atomico(origen: Path, destino: Path) -> None:
    """Mueve un archivo ya escrito (en la misma carpeta o sistema de archivos) a su lugar."""
    destino.parent.mkdir(parents=True, exist_ok=True)
    os.replace(origen, destino)


def crear_nuevo(candidatos, contenido: bytes) -> Path:
    """Escribe `contenido` en el primer nombre de `candidatos` que no existe, reservándolo con O_EXCL.

    Dos procesos nunca eligen el mismo nombre (comprobar con exists() y luego escribir sí se pisa).
    """
    for destino in candidatos:
        try:
            fd = os.open(destino, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(contenido)
                f.flush()
                os.fsync(f.fileno())
        except BaseException as e:
            destino.unlink(missing_ok=True)
            if isinstance(e, OSError) and e.filename is None:  # write y fsync no dicen qué archivo era
                e.filename = str(destino)
            raise
        return destino
    raise FileExistsError("no quedó ningún nombre libre")  # pragma: no cover - los candidatos son infinitos


def respaldar(ruta: Path) -> Path:
    """Copia la versión vigente a `<archivo>.anterior-N`, con N libre: ningún respaldo pisa a otro.

    El nombre no termina en .yaml, así que el respaldo nunca se carga como dato.
    """
    from itertools import count

    return crear_nuevo((ruta.with_name(f"{ruta.name}.anterior-{n}") for n in count(1)), ruta.read_bytes())


@dataclass(slots=True)
class Guardado:
    estado: str  # "guardado" | "sin cambios" | "rechazado" | "con errores"
    respaldo: Path | None = None
    problemas: list = field(default_factory=list)


def guardar_con_respaldo(destino: Path, contenido: str, permitido: bool, verificar) -> Guardado:
    """El único camino por el que `recibir` e `importar` sustituyen un archivo de datos.

    Igual que antes → «sin cambios» (nada se toca). Distinto y no `permitido` → «rechazado». Lo que se
    escribiría se vuelve a leer con `verificar(contenido)` (problemas que impiden guardarlo): nunca se
    sustituye un archivo bueno por uno ilegible. La versión anterior queda en `<archivo>.anterior-N`
    antes de escribir, y la escritura es atómica. Quien llama sostiene el `candado` de la carpeta.
    """
    existe = destino.is_file()
    if existe and destino.read_bytes() == contenido.encode("utf-8"):
        return Guardado("sin cambios")
    if existe and not permitido:
        return Guardado("rechazado")
    problemas = verificar(contenido)
    if problemas:
        return Guardado("con errores", problemas=problemas)
    respaldo = respaldar(destino) if existe else None
    try:
        escribir_atomico(destino, contenido)
    except BaseException:
        # la versión vigente sigue en su lugar: un respaldo de algo que no se sustituyó solo confunde
        # (un reenvío rechazado con el disco lleno dejaba un `.anterior-1` idéntico al archivo)
        if respaldo is not None:
            respaldo.unlink(missing_ok=True)
        raise
    return Guardado("guardado", respaldo)


@contextmanager
def candado(carpeta: Path, espera: float = 60.0):
    """Un solo escritor a la vez en una carpeta de datos (recibir, importar): los demás esperan su turno.

    `flock` se libera solo si el proceso muere: un candado nunca queda huérfano.
    """
    import fcntl
    import time

    carpeta.mkdir(parents=True, exist_ok=True)
    fd = os.open(carpeta / ".informe.candado", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        limite = time.monotonic() + espera
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > limite:
                    raise CarpetaOcupada(f"otra orden está escribiendo en {carpeta} desde hace más de "
                                         f"{int(espera)} s; inténtelo de nuevo cuando termine") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)
