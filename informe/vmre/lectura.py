"""Lectura de los archivos de un corte VMRE: tablas CSV con la posición de cada celda, y el corte,
las actividades y el proceso en YAML (con el mismo lector tipado que la familia de seguridad).

```
datos/vmre/proceso.yaml                       familia: vmre, nombre, institución, área, siglas
datos/vmre/2023-12/corte.yaml                 fechas del periodo y del corte, cifras publicadas, actividades
datos/vmre/2023-12/solicitudes_recibidas.csv  por entidad: TOTAL y sus desgloses, fila TOTAL
datos/vmre/2023-12/solicitudes_procedentes.csv  las que cumplen los requisitos, misma forma
datos/vmre/2023-12/solicitudes_por_pais.csv   país × entidad (celda vacía: sin desglose)
datos/vmre/2023-12/consultas_inetel.csv       servicio × región, fila TOTAL
datos/vmre/2023-12/llamadas_inetel.csv        campaña, resultado, TOTAL por campaña
```
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from .. import entidades
from ..cargar import Carga, periodo_de_carpeta
from ..lector import Lector, _corto, _es_nulo, _linea, _ok
from ..problemas import Problema, problema
from ..yaml_seguro import decodificar
from . import paises
from .modelo import COLUMNAS_ENTIDAD, TIPOS_TABLA, Actividad, Corte, Fila, ProcesoVmre, Tabla

_ENTERO = re.compile(r"\A(0|[1-9][0-9]*)\Z")
_DECIMAL = re.compile(r"\A[0-9]{1,3}(\.[0-9]{1,2})?\Z")
ENTIDADES_CSV = tuple(e.abreviatura for e in entidades.ENTIDADES)
ENCABEZADOS = {
    "recibidas": COLUMNAS_ENTIDAD,
    "procedentes": COLUMNAS_ENTIDAD,
    "paises": ("PAIS", "TOTAL", *ENTIDADES_CSV),
    "consultas": ("SERVICIO", "EUA", "MEXICO", "RESTO_DEL_MUNDO", "TOTAL"),
    "llamadas": ("CAMPANA", "RESULTADO", "TOTAL"),
}
SECCIONES = ("coordinacion", "promocion", "registro", "organizacion", "capacitacion")


def tipo_de_archivo(ruta: Path) -> str:
    nombre = ruta.name.lower()
    for tipo, archivo in TIPOS_TABLA.items():
        if nombre == archivo:
            return tipo
    if nombre in ("corte.yaml", "corte.yml"):
        return "corte"
    if nombre in ("proceso.yaml", "proceso.yml"):
        return "proceso"
    return "desconocido"


def leer_tabla(datos: bytes, nombre: str, tipo: str) -> Carga:
    texto, problemas = decodificar(datos, nombre)
    if texto is None:
        return Carga(nombre, tipo, None, problemas)
    # Excel para Mac antiguo separa las filas solo con CR: también es un salto de línea
    lineas = texto.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    esperado = ENCABEZADOS[tipo]
    filas_crudas = []
    for n, linea in enumerate(lineas, start=1):
        try:
            celdas = next(csv.reader([linea]), [])
        except csv.Error:  # una celda de más de 128 KiB (el tope del módulo csv) o comillas imposibles
            problemas.append(problema(nombre, n, None, "vmre-fila",
                                      f"La fila no se puede leer como CSV ({len(linea):,} caracteres; una celda "
                                      "pasa del máximo o sus comillas no cierran).",
                                      "Revise esa fila: cada celda es una cifra o un nombre corto."))
            continue
        if any(c.strip() for c in celdas):
            filas_crudas.append((n, celdas, linea))
    if not filas_crudas:
        return Carga(nombre, tipo, None, [problema(nombre, None, None, "archivo-vacio", "La tabla no tiene filas.")])
    linea_encabezado, encabezado, cruda_encabezado = filas_crudas[0]
    n = linea_encabezado
    encabezado = [c.strip() for c in encabezado]
    if tuple(encabezado) != esperado:
        distinta = next((i for i, (a, b) in enumerate(zip(encabezado, esperado)) if a != b), min(len(encabezado), len(esperado)))
        return Carga(nombre, tipo, None, [problema(
            nombre, n, None, "vmre-columnas",
            f"El encabezado no es el de la tabla {TIPOS_TABLA[tipo]}: la columna {distinta + 1} es "
            f"«{_corto(encabezado[distinta]) if distinta < len(encabezado) else '(falta)'}» y debe ser "
            f"«{esperado[distinta] if distinta < len(esperado) else '(ninguna)'}».",
            f"Use el encabezado: {','.join(esperado)}")])
    filas: list[Fila] = []
    totales: list[Fila] = []
    vistas: dict[tuple, int] = {}
    for n, celdas, cruda in filas_crudas[1:]:
        fila = _fila(nombre, tipo, esperado, n, celdas, cruda, problemas)
        if fila is None:
            continue
        clave = (fila.grupo, fila.etiqueta)
        if clave in vistas:
            problemas.append(problema(nombre, n, 1, "vmre-fila-repetida",
                                      f"«{fila.etiqueta}» ya tiene una fila (línea {vistas[clave]}).",
                                      "Deje una sola fila por renglón de la tabla."))
            continue
        vistas[clave] = n
        (totales if fila.total else filas).append(fila)
    if tipo != "paises" and not any(t.total for t in totales):
        problemas.append(problema(nombre, None, None, "vmre-sin-total", "La tabla no tiene su fila TOTAL.",
                                  "Agregue la fila TOTAL tal como la exporta el sistema: se comprueba contra las filas."))
    return Carga(nombre, tipo, Tabla(nombre, tipo, list(esperado), filas, totales, linea_encabezado,
                                     _columnas(cruda_encabezado, esperado)), problemas)


def _columnas(cruda: str, esperado: tuple[str, ...]) -> dict[str, int | None]:
    """Columna de caracteres de cada celda de una línea; exacta solo si la línea no usa comillas."""
    posiciones: list[int | None] = []
    pos = 1
    for c in cruda.split(","):
        posiciones.append(None if '"' in cruda else pos)
        pos += len(c) + 1
    return {col: posiciones[i] if i < len(posiciones) else None for i, col in enumerate(esperado)}


def _fila(nombre: str, tipo: str, esperado: tuple[str, ...], n: int, celdas: list[str], cruda: str,
          problemas: list[Problema]) -> Fila | None:
    if len(celdas) != len(esperado):
        problemas.append(problema(nombre, n, None, "vmre-fila",
                                  f"La fila tiene {len(celdas)} celdas y el encabezado {len(esperado)}.",
                                  "Revise separadores: una cifra con coma de miles debe ir sin la coma."))
        return None
    columnas = _columnas(cruda, esperado)
    etiquetas = 2 if tipo == "llamadas" else 1
    grupo = celdas[0].strip() if tipo == "llamadas" else None
    etiqueta = celdas[etiquetas - 1].strip()
    total = etiqueta.upper() == "TOTAL"
    if not total:
        etiqueta = _etiqueta(nombre, tipo, n, columnas[esperado[etiquetas - 1]], etiqueta, problemas)
        if etiqueta is None:
            return None
    valores: dict[str, int | None] = {}
    decimal = None
    for col, celda in zip(esperado[etiquetas:], celdas[etiquetas:]):
        celda = celda.strip()
        if col == "EDAD_PROMEDIO":
            if celda and not _DECIMAL.match(celda):
                problemas.append(problema(nombre, n, columnas[col], "vmre-numero",
                                          f"EDAD_PROMEDIO: «{_corto(celda)}» no es una edad con hasta dos decimales.",
                                          "Escriba la edad como 45.31, con punto decimal."))
            decimal = float(celda) if celda and _DECIMAL.match(celda) else None
            continue
        if not celda:
            valores[col] = None
        elif _ENTERO.match(celda) and len(celda) <= 9:
            valores[col] = int(celda)
        else:
            valores[col] = None
            sin_miles = celda.replace(",", "")
            problemas.append(problema(nombre, n, columnas[col], "vmre-numero",
                                      f"{col}: «{_corto(celda)}» no es una cifra entera no negativa.",
                                      f"Escriba {sin_miles} sin separador de miles." if _ENTERO.match(sin_miles)
                                      else "Escriba solo cifras; deje la celda vacía si no hay dato."))
    return Fila(etiqueta if not total else "TOTAL", valores, n, columnas, decimal, grupo, total)


def _etiqueta(nombre: str, tipo: str, n: int, columna: int | None, texto: str, problemas: list[Problema]) -> str | None:
    if tipo in ("recibidas", "procedentes"):
        e = entidades.buscar(texto)
        if e is None:
            cercana = entidades.parecida(texto)
            problemas.append(problema(nombre, n, columna, "vmre-entidad-desconocida",
                                      f"«{_corto(texto)}» no es una entidad federativa.",
                                      f"¿Quiso decir «{cercana}»?" if cercana else "Use el nombre de la entidad."))
            return None
        return e.corto
    if tipo == "paises":
        p = paises.buscar(texto)
        if p is None:
            cercano = paises.parecido_a(texto)
            problemas.append(problema(nombre, n, columna, "vmre-pais-desconocido",
                                      f"«{_corto(texto)}» no está en el catálogo de países.",
                                      f"¿Quiso decir «{cercano}»?" if cercano else
                                      "Escriba el nombre del país en español, como en el catálogo del paquete."))
            return None
        return p
    if not texto:
        problemas.append(problema(nombre, n, columna, "descripcion-vacia", "La fila no tiene nombre."))
        return None
    return texto


# --------------------------------------------------------------------------- YAML

def leer_corte(raiz: Node, lector: Lector, id_carpeta: str | None) -> Corte | None:
    campos = lector.mapa(raiz, {"inicio": True, "fin": True, "corte": True, "presentado": False,
                                "ficticio": False, "publicado": False, "actividades": False}, "raíz")
    if campos is None:
        return None
    fechas = {k: _ok(lector.fecha(campos.get(k), k)) for k in ("inicio", "fin", "corte", "presentado")}
    ficticio = _ok(lector.booleano(campos.get("ficticio"), "ficticio")) or False
    publicado: dict[str, int] = {}
    nodo = campos.get("publicado")
    if nodo is not None and not _es_nulo(nodo):
        if isinstance(nodo, MappingNode):
            for k, v in nodo.value:
                if isinstance(k, ScalarNode):
                    valor = _ok(lector.entero(v, f"publicado.{k.value}"))
                    if isinstance(valor, int):
                        publicado[k.value] = valor
        else:
            lector.reportar(nodo, "tipo-invalido", "publicado: se esperaba un mapa de «nombre: cifra».")
    actividades = []
    nodo = campos.get("actividades")
    lista = lector.lista(nodo, "actividades") if nodo is not None else None
    for i, elemento in enumerate(lista if isinstance(lista, list) else []):
        donde = f"actividades[{i + 1}]"
        c = lector.mapa(elemento, {"seccion": True, "fecha": False, "titulo": True, "descripcion": False}, donde)
        if c is None:
            continue
        seccion = lector.opcion(c.get("seccion"), f"{donde}.seccion", lambda t: t if t in SECCIONES else None,
                                SECCIONES, "vmre-seccion-desconocida")
        titulo = lector.texto(c.get("titulo"), f"{donde}.titulo", "descripcion-vacia")
        descripcion = lector.texto(c.get("descripcion"), f"{donde}.descripcion")
        fecha = lector.fecha(c.get("fecha"), f"{donde}.fecha")
        if isinstance(seccion, str) and isinstance(titulo, str):
            actividades.append(Actividad(seccion, _ok(fecha), titulo, _ok(descripcion), _linea(elemento)))
    if id_carpeta is None or not all(isinstance(fechas[k], date) for k in ("inicio", "fin", "corte")):
        return None
    if fechas["inicio"] > fechas["fin"]:
        lector.reportar(campos["inicio"], "periodo-rango", "inicio: es posterior a fin.")
    return Corte(lector.archivo, id_carpeta, fechas["inicio"], fechas["fin"], fechas["corte"], fechas["presentado"],
                 publicado, actividades, bool(ficticio), {k: _linea(v) for k, v in campos.items()})


def leer_proceso(raiz: Node, lector: Lector) -> ProcesoVmre | None:
    campos = lector.mapa(raiz, {"familia": True, "nombre": True, "institucion": True, "area": True,
                                "siglas": False, "textos": False}, "raíz")
    if campos is None:
        return None
    valores = {k: lector.texto(campos.get(k), k, "campo-requerido") for k in ("nombre", "institucion", "area")}
    def texto(v, d):
        return lector.texto(v, d, "descripcion-vacia")

    siglas = {k.strip(): v for k, v in lector.pares(campos.get("siglas"), "siglas", texto).items()}
    textos = {k.strip(): v for k, v in lector.pares(campos.get("textos"), "textos", texto).items()}
    if not all(isinstance(v, str) for v in valores.values()):
        return None
    return ProcesoVmre(lector.archivo, siglas=siglas, textos=textos, **valores)  # type: ignore[arg-type]


def interpretar(raiz: Node, lector: Lector, tipo: str, ruta: Path):
    if tipo == "corte":
        return leer_corte(raiz, lector, periodo_de_carpeta(ruta))
    if tipo == "proceso":
        return leer_proceso(raiz, lector)
    return None
