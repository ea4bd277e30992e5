"""Lo que se devuelve a cada JLE y lo que se guarda de cada envío, aceptado o no.

Un envío con errores no se pierde: su copia queda en `datos/<P>/rechazados/` y `estado` la muestra.
Cada envío recibe un acuse en español, listo para devolverlo por correo: `datos/<P>/acuses/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import catalogos as cat

SIGNIFICADO = {"guardado": "RECIBIDO", "sin cambios": "RECIBIDO (sin cambios respecto del envío anterior)",
               "rechazado": "NO SE GUARDÓ: el reenvío elimina datos del anterior y requiere confirmación de la DEOE",
               "con errores": "RECHAZADO: tiene errores que impiden recibirlo"}


# La copia de un envío rechazado guarda hasta este tamaño (un envío mayor ya se rechazó por tamaño y su
# copia completa no cabe en memoria); ocho veces el máximo que se acepta.
COPIA_MAXIMA = 64 * 1024 * 1024


def _nombre_seguro(nombre: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", nombre)[-80:].lstrip(".") or "envio"


def _escribir(carpeta: Path, nombre: str, contenido: bytes) -> Path:
    """Un archivo nuevo con nombre único: dos recepciones a la vez nunca escriben el mismo."""
    from itertools import count

    from ..archivos import crear_nuevo

    carpeta.mkdir(parents=True, exist_ok=True)
    base, punto, ext = nombre.rpartition(".")
    candidatos = (carpeta / (nombre if n == 0 else f"{base}-{n}.{ext}" if punto else f"{nombre}-{n}")
                  for n in count())
    return crear_nuevo(candidatos, contenido)


def _abreviatura(entidad: str | None) -> str:
    e = cat.buscar_entidad(entidad) if entidad else None
    return e.abreviatura if e else "sin-entidad"  # en minúsculas: no se confunde con SIN (Sinaloa)


def texto_acuse(r, periodo: str, cuando: datetime, original: str) -> str:
    from ..mostrar import nombre_visible, visible

    lineas = [f"Acuse de recepción · informe de coordinación en materia de seguridad · periodo {periodo}",
              "", f"Archivo: {nombre_visible(original)}", f"Entidad: {r.entidad or 'no se pudo leer'}",
              f"Fecha: {cuando:%Y-%m-%d %H:%M}", f"Resultado: {SIGNIFICADO[r.estado]}"]
    c = r.cambios or {}
    if c.get("acuerdos_agregados"):
        lineas.append(f"Acuerdos nuevos registrados: {', '.join(c['acuerdos_agregados'])}")
    if c.get("acuerdos_modificados"):
        lineas.append(f"Acuerdos modificados (se corrigió la redacción; conservan su identificador): "
                      f"{', '.join(c['acuerdos_modificados'])}")
    if c.get("datos_perdidos"):
        lineas += ["", "El reenvío perdería estos datos del envío anterior:"]
        lineas += [f"  - {visible(d)}" for d in c["datos_perdidos"]]
    errores = [p for p in r.problemas if p.severidad == "error"]
    advertencias = [p for p in r.problemas if p.severidad != "error"]
    for titulo, grupo in (("Errores (hay que corregirlos y reenviar el archivo)", errores),
                          ("Advertencias (revíselas; no impiden recibir el archivo)", advertencias)):
        if grupo:
            lineas += ["", f"{titulo}:"]
            for p in grupo:
                donde = f"línea {p.linea}" + (f", columna {p.columna}" if p.columna else "") if p.linea else "archivo"
                lineas.append(f"  - {donde}: {nombre_visible(p.mensaje)}")
                if p.sugerencia:
                    lineas.append(f"    Cómo corregirlo: {nombre_visible(p.sugerencia)}")
    if r.estado == "con errores":
        lineas += ["", "Corrija los errores en el mismo archivo y envíelo de nuevo; el envío rechazado queda guardado en la DEOE."]
    return "\n".join(lineas) + "\n"


def archivar(datos: Path, periodo: str, ruta: Path, r, cuando: datetime | None = None) -> None:
    """Acuse de cada envío y, si se rechazó, la copia del envío tal como llegó."""
    cuando = cuando or datetime.now()
    from .almacen import carpeta_acuses, carpeta_rechazados

    sello = f"{cuando:%Y%m%d-%H%M%S}-{_abreviatura(r.entidad)}-{_nombre_seguro(ruta.name)}"
    if r.estado == "con errores":
        from ..archivos import leer_entrada

        # la copia es del archivo mismo, nunca del destino de un enlace ni de una FIFO (que bloquearía);
        # de lo que no es un archivo común queda una copia vacía con el mismo sello, para que `estado` la cuente
        original, _ = leer_entrada(ruta, ruta.name, COPIA_MAXIMA)
        if original is not None and len(original) > COPIA_MAXIMA:  # ya rechazado por tamaño: el nombre lo dice
            original, sello_copia = original[:COPIA_MAXIMA], f"{sello}.primeros-{COPIA_MAXIMA >> 20}MiB"
        else:
            sello_copia = sello
        r.rechazado_en = str(_escribir(carpeta_rechazados(datos, periodo), sello_copia, original or b""))
    r.acuse = str(_escribir(carpeta_acuses(datos, periodo), sello + ".txt",
                            texto_acuse(r, periodo, cuando, ruta.name).encode("utf-8")))


@dataclass(slots=True)
class Rechazo:
    ruta: Path
    cuando: datetime
    abreviatura: str | None


def rechazos(datos: Path, periodo: str) -> list[Rechazo]:
    from .almacen import carpeta_rechazados

    carpeta = carpeta_rechazados(datos, periodo)
    salida = []
    if not carpeta.is_dir():
        return salida
    for ruta in sorted(carpeta.iterdir()):
        m = re.match(r"(\d{8}-\d{6})-(sin-entidad|[A-Z]+)-", ruta.name)
        if m:
            salida.append(Rechazo(ruta, datetime.strptime(m[1], "%Y%m%d-%H%M%S"),
                                  None if m[2] == "sin-entidad" else m[2]))
    return salida
