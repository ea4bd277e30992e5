"""Archivos de los archivos de un corte VMRE: tablas CSV con la posición de cada celda, y el corte,
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

from datetime import date
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from .. import tablas_csv
from ..cargar import Carga, periodo_de_carpeta
from ..lector import Lector, es_nulo, linea_de, sin_falla
from ..proceso import leer_comunes
from ..yaml_seguro import decodificar
from .esquemas import ENTIDAD as ESQUEMA_ENTIDAD, ESTADISTICAS, POR_ARCHIVO, POR_TIPO
from .modelo import Actividad, Corte, Fila, ProcesoVmre, Tabla

SECCIONES = ("coordinacion", "promocion", "registro", "organizacion", "capacitacion")
ENCABEZADOS = {tipo: t.esquema.encabezado for tipo, t in POR_TIPO.items()}  # el encabezado de cada tabla


def tipo_de_archivo(ruta: Path) -> str:
    nombre = ruta.name.lower()
    if nombre in POR_ARCHIVO:
        return POR_ARCHIVO[nombre].tipo
    if nombre in ("corte.yaml", "corte.yml"):
        return "corte"
    if nombre in ("proceso.yaml", "proceso.yml"):
        return "proceso"
    return "desconocido"


def leer_tabla(datos: bytes, nombre: str, tipo: str) -> Carga:
    """Una tabla del corte con el lector declarativo del núcleo y su esquema (`esquemas.py`)."""
    texto, problemas = decodificar(datos, nombre)
    if texto is None:
        return Carga(nombre, tipo, None, problemas)
    esquema = POR_TIPO[tipo].esquema
    leida, mas = tablas_csv.leer(texto, nombre, esquema)
    problemas += mas
    if leida is None:
        return Carga(nombre, tipo, None, problemas)
    etiquetas = esquema.clave or (esquema.columnas[0].nombre,)
    def fila(f: tablas_csv.FilaCsv) -> Fila:
        valores = dict(f.valores)
        decimal = valores.pop("EDAD_PROMEDIO", None)
        grupo = None
        etiqueta = "TOTAL" if f.total else valores.get(etiquetas[-1])
        if tipo in ESTADISTICAS:  # sus filas son cifras: la etiqueta (y en llamadas, la campaña) va aparte
            if len(etiquetas) > 1:  # llamadas: la campaña agrupa los resultados y su fila TOTAL
                grupo = valores.pop(etiquetas[0])
            valores.pop(etiquetas[-1])
        return Fila(str(etiqueta) if etiqueta is not None else "", valores, f.linea, f.columnas, decimal,
                    grupo if isinstance(grupo, str) else None, f.total)

    columnas = [c.nombre for c in esquema.columnas]
    return Carga(nombre, tipo, Tabla(nombre, tipo, columnas, [fila(f) for f in leida.filas],
                                     [fila(f) for f in leida.totales], leida.encabezado, leida.posiciones), problemas)


# --------------------------------------------------------------------------- YAML

def leer_corte(raiz: Node, lector: Lector, id_carpeta: str | None) -> Corte | None:
    campos = lector.mapa(raiz, {"inicio": True, "fin": True, "corte": True, "presentado": False,
                                "ficticio": False, "publicado": False, "discrepancias": False,
                                "actividades": False, "erratas": False}, "raíz")
    if campos is None:
        return None
    fechas = {k: sin_falla(lector.fecha(campos.get(k), k)) for k in ("inicio", "fin", "corte", "presentado")}
    ficticio = sin_falla(lector.booleano(campos.get("ficticio"), "ficticio")) or False
    lineas = {k: linea_de(v) for k, v in campos.items()}
    columnas: dict[str, int] = {}
    lapsos: dict[str, dict[str, date]] = {}
    publicado = _leer_publicado(lector, campos.get("publicado"), lineas, columnas, lapsos)
    discrepancias = {k.strip(): v for k, v in lector.pares(campos.get("discrepancias"), "discrepancias",
                                                            lambda v, d: lector.texto(v, d, "descripcion-vacia")).items()}
    actividades = _leer_actividades(lector, campos.get("actividades"))
    erratas = _leer_erratas(lector, campos.get("erratas"))
    if id_carpeta is None or not all(isinstance(fechas[k], date) for k in ("inicio", "fin", "corte")):
        return None
    if fechas["inicio"] > fechas["fin"]:
        lector.reportar(campos["inicio"], "periodo-rango", "inicio: es posterior a fin.")
    return Corte(lector.archivo, id_carpeta, fechas["inicio"], fechas["fin"], fechas["corte"], fechas["presentado"],
                 publicado, actividades, bool(ficticio), lineas, columnas, discrepancias, lapsos, erratas)


def _leer_publicado(lector: Lector, nodo: Node | None, lineas: dict, columnas: dict,
                    lapsos: dict | None = None) -> dict[str, int]:
    """`publicado: {nombre: cifra}`, o `{nombre: {cifra, desde, hasta}}` cuando la fuente da la cifra para un
    lapso («del 1 al 29 de noviembre»): el lapso va a `lapsos` y el informe lo imprime junto a la cifra. La
    línea y la columna de cada cifra van a `lineas` y `columnas` (`publicado.<nombre>`), para señalar la celda
    cuando no cuadra con las tablas."""
    publicado: dict[str, int] = {}
    if nodo is None or es_nulo(nodo):
        return publicado
    if not isinstance(nodo, MappingNode):
        lector.reportar(nodo, "tipo-invalido", "publicado: se esperaba un mapa de «nombre: cifra».")
        return publicado
    for k, v in nodo.value:
        if not isinstance(k, ScalarNode):
            continue
        if isinstance(v, MappingNode):
            v = _lapso_publicado(lector, v, f"publicado.{k.value}", k.value, lapsos)
            if v is None:
                continue
        valor = sin_falla(lector.entero(v, f"publicado.{k.value}"))
        if isinstance(valor, int):
            publicado[k.value] = valor
            lineas[f"publicado.{k.value}"] = linea_de(v)
            columnas[f"publicado.{k.value}"] = v.start_mark.column + 1
    return publicado


def _lapso_publicado(lector: Lector, nodo: MappingNode, donde: str, clave: str, lapsos: dict | None) -> Node | None:
    """`{cifra, desde, hasta}`: el nodo de la cifra; el lapso, si es válido, en `lapsos[clave]`."""
    c = lector.mapa(nodo, {"cifra": True, "desde": True, "hasta": True}, donde)
    if c is None or "cifra" not in c:
        return None
    desde, hasta = (sin_falla(lector.fecha(c.get(k), f"{donde}.{k}")) for k in ("desde", "hasta"))
    if isinstance(desde, date) and isinstance(hasta, date):
        if desde > hasta:
            lector.reportar(c["desde"], "periodo-rango", f"{donde}.desde: es posterior a hasta.")
        elif lapsos is not None:
            lapsos[clave] = {"desde": desde, "hasta": hasta}
    return c["cifra"]


def _leer_erratas(lector: Lector, nodo: Node | None) -> list[dict]:
    """`erratas: [{archivo, publicado, corregido}]`: lo que la tabla corrige del informe publicado. El informe
    lo dice bajo la tabla; que la tabla traiga la forma corregida lo revisa la regla `erratas`."""
    erratas = []
    lista = lector.lista(nodo, "erratas") if nodo is not None else None
    for i, elemento in enumerate(lista if isinstance(lista, list) else []):
        donde = f"erratas[{i + 1}]"
        c = lector.mapa(elemento, {"archivo": True, "publicado": True, "corregido": True}, donde)
        if c is None:
            continue
        textos = {k: sin_falla(lector.texto(c.get(k), f"{donde}.{k}", "campo-requerido")) for k in c}
        if not all(isinstance(textos.get(k), str) for k in ("archivo", "publicado", "corregido")):
            continue
        esquema = POR_ARCHIVO.get(textos["archivo"].strip().lower())
        if esquema is None:
            lector.reportar(c["archivo"], "vmre-errata", f"{donde}.archivo: «{textos['archivo']}» no es una tabla "
                            "del corte.", f"Use el nombre de una de sus tablas: {', '.join(sorted(POR_ARCHIVO))}.")
            continue
        erratas.append({"archivo": esquema.esquema.archivo, "tipo": esquema.tipo, "publicado": textos["publicado"],
                        "corregido": textos["corregido"], "linea": linea_de(c["corregido"]),
                        "columna": c["corregido"].start_mark.column + 1})
    return erratas


def _leer_actividades(lector: Lector, nodo: Node | None) -> list[Actividad]:
    actividades = []
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
            actividades.append(Actividad(seccion, sin_falla(fecha), titulo, sin_falla(descripcion), linea_de(elemento)))
    return actividades


def leer_proceso(raiz: Node, lector: Lector) -> ProcesoVmre | None:
    """proceso.yaml: lo común (`informe.proceso`), las siglas, el glosario y las entidades con voto local."""
    comunes = leer_comunes(raiz, lector, {"familia": True, "siglas": False, "glosario": False, "voto_local": False},
                           "descripcion-vacia")
    if comunes is None:
        return None
    campos = comunes.campos

    def texto(v, d):
        return lector.texto(v, d, "descripcion-vacia")

    textos = {k.strip(): v for k, v in comunes.textos.items()}
    siglas = {k.strip(): v for k, v in lector.pares(campos.get("siglas"), "siglas", texto).items()}
    glosario = {k.strip(): v for k, v in lector.pares(campos.get("glosario"), "glosario", texto).items()}
    voto_local = []
    nodo = campos.get("voto_local")
    lista = lector.lista(nodo, "voto_local") if nodo is not None else None
    for i, elemento in enumerate(lista if isinstance(lista, list) else []):
        nombre = lector.texto(elemento, f"voto_local[{i + 1}]", "descripcion-vacia")
        entidad = ESQUEMA_ENTIDAD.buscar(nombre) if isinstance(nombre, str) else None
        if isinstance(nombre, str) and entidad is None:
            lector.reportar(elemento, "vmre-entidad-desconocida", f"voto_local[{i + 1}]: «{nombre}» no es una entidad federativa.")
        elif entidad is not None:
            voto_local.append(entidad)
    if not comunes.completos():
        return None
    return ProcesoVmre(lector.archivo, siglas=siglas, textos=textos, glosario=glosario, voto_local=voto_local,
                       severidades=comunes.severidades(lector), **comunes.valores)  # type: ignore[arg-type]


def interpretar(raiz: Node, lector: Lector, tipo: str, ruta: Path):
    if tipo == "corte":
        return leer_corte(raiz, lector, periodo_de_carpeta(ruta))
    if tipo == "proceso":
        return leer_proceso(raiz, lector)
    return None


def cargar_bytes(datos: bytes, ruta: Path, nombre: str, tipo: str, contexto=None) -> Carga:
    """Un archivo de un corte (la parte `Archivos.lector` de la familia): corte.yaml y proceso.yaml como YAML,
    las tablas con su esquema y cualquier otro archivo como un problema."""
    from ..cargar import cargar_yaml
    from ..problemas import problema

    if tipo in ("corte", "proceso"):
        return cargar_yaml(datos, ruta, nombre, tipo, interpretar,
                           "Empiece el archivo con «inicio: …» (vea docs/vmre.md).")
    if tipo == "desconocido":
        return Carga(nombre, tipo, None, [problema(
            nombre, None, None, "vmre-archivo-desconocido",
            f"«{ruta.name}» no es un archivo del formato de un corte VMRE.",
            "Los archivos de un corte son corte.yaml, las tablas de docs/vmre.md y textos/.")])
    return leer_tabla(datos, nombre, tipo)


CLASES = (Fila, Tabla, Actividad, Corte, ProcesoVmre)  # el modelo: lo que la caché puede reconstruir
