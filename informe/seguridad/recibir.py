"""El ciclo con las JLE: la recepción de lo que envían y el estado de la entrega (la plantilla: `formulario`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import catalogos as cat
from ..almacen import nombre_visible
from ..archivos import guardar_con_respaldo
from ..lector import corto
from .modelo import PATRON_ID, InformeJLE, formar_id
from ..problemas import Problema, problema
from . import FAMILIA as LECTURA
from .serializar import yaml_jle

# --------------------------------------------------------------------------- recibir

@dataclass
class Recepcion:
    archivo: str
    entidad: str | None = None
    estado: str = "con errores"  # guardado | sin cambios | rechazado | con errores
    destino: str | None = None
    respaldo: str | None = None
    cambios: dict = field(default_factory=dict)
    problemas: list[Problema] = field(default_factory=list)
    acuse: str | None = None  # el texto para devolver a la JLE
    rechazado_en: str | None = None  # la copia del envío rechazado
    # de dónde salió la entidad de un archivo que no se pudo leer: «archivo» (su línea «entidad:»),
    # «nombre» (el nombre del archivo) o «carpeta» (la carpeta del remitente); None si se leyó normal
    atribucion: str | None = None
    igual_a: str | None = None  # estado «repetido»: el archivo idéntico de la misma recepción que sí cuenta
    copias: list[str] = field(default_factory=list)  # los archivos idénticos a este que llegaron con él
    detalle: dict = field(default_factory=dict)  # textos para el acuse: antes/después, lo que se perdería
    # lo que explica la causa (el primer problema): se resuelve con ella, y el acuse lo muestra bajo ella
    consecuencias: list[Problema] = field(default_factory=list)
    motivo: str | None = None  # estados «ya registrado» y «no es envío»: por qué, en un renglón

    def como_dict(self) -> dict:
        return {"archivo": self.archivo, "entidad": self.entidad, "estado": self.estado, "destino": self.destino,
                "respaldo": self.respaldo, "cambios": self.cambios, "acuse": self.acuse,
                "rechazado_en": self.rechazado_en, "atribucion": self.atribucion, "igual_a": self.igual_a,
                "motivo": self.motivo, "problemas": [p.como_dict() for p in self.problemas],
                "consecuencias": [p.como_dict() for p in self.consecuencias]}


# --------------------------------------------------------------------------- de quién es un envío

def _entidad_en_texto(texto: str) -> str | None:
    """La abreviatura que dice la línea `entidad:` de un archivo que no se pudo leer como YAML (un
    tabulador, una comilla sin cerrar): el resto del archivo puede estar mal y esa línea, bien."""
    for m in _LINEA_ENTIDAD.finditer(texto[:200_000]):
        e = cat.buscar_entidad(m[1].strip())
        if e is not None:
            return e.abreviatura
    return None


_LINEA_ENTIDAD = re.compile(r"""^[ \t]*["']?entidad["']?[ \t]*:[ \t]*["']?([^"'#\n]{2,60}?)["']?[ \t]*(?:#.*)?$""",
                            re.M | re.I)


def _palabras(texto: str) -> str:
    return " " + " ".join(re.sub(r"[^0-9a-z]+", " ", cat.normalizar(texto)).split()) + " "


def _entidad_en_nombre(nombre: str) -> str | None:
    """La única entidad que nombra un nombre de archivo o de carpeta («Informe Chiapas abril.docx»,
    «baja-california-sur-2024-07.yaml»); None si no nombra ninguna o nombra dos. Se buscan primero los
    nombres más largos: «Baja California Sur» no se confunde con «Baja California», ni «Ciudad de México»
    con «México». Cuentan las abreviaturas («BCS», «CDMX») salvo las que son palabras o ambiguas («col»,
    «sin», «son», «ver», «tab», «mex»); los alias cortos no cuentan."""
    texto = _palabras(nombre)
    nombres = sorted({(_palabras(n), e.abreviatura) for e in cat.ENTIDADES
                      for n in (e.nombre, e.corto, *[a for a in e.alias if len(a) > 3],
                                *([e.abreviatura] if e.abreviatura not in _ABREVIATURAS_COMUNES else []))},
                     key=lambda t: (-len(t[0]), t[0]))
    halladas = set()
    for clave, abreviatura in nombres:
        if clave.strip() and clave in texto:
            halladas.add(abreviatura)
            texto = texto.replace(clave, " ")
    return halladas.pop() if len(halladas) == 1 else None


_ABREVIATURAS_COMUNES = {"COL", "SIN", "SON", "VER", "TAB", "MEX"}


def atribuir(ruta: Path, texto: str | None) -> tuple[str | None, str | None]:
    """(abreviatura, de dónde) de un envío que no se pudo leer: su línea `entidad:`, el nombre del
    archivo o el de la carpeta en que llegó. Así `estado` lo muestra como rechazado y no como faltante."""
    if texto is not None:
        abreviatura = _entidad_en_texto(texto)
        if abreviatura:
            return abreviatura, "archivo"
    abreviatura = _entidad_en_nombre(Path(ruta.name).stem)
    if abreviatura:
        return abreviatura, "nombre"
    abreviatura = _entidad_en_nombre(ruta.parent.name) if ruta.parent.name else None
    return (abreviatura, "carpeta") if abreviatura else (None, None)


def _contenido(ruta: Path) -> bytes | None:
    """Los bytes de un archivo común de a lo más TAMANO_MAXIMO, leídos como los lee `validar`: sin seguir
    enlaces ni abrir FIFOs (un enlace a /etc/shadow no se cita en un acuse ni se compara)."""
    from ..archivos import leer_entrada
    from ..yaml_seguro import TAMANO_MAXIMO

    datos, _ = leer_entrada(ruta, ruta.name, TAMANO_MAXIMO)
    return datos if datos is not None and len(datos) <= TAMANO_MAXIMO else None


def texto_de(ruta: Path) -> str | None:
    """El contenido como texto, si lo es (para leer su línea `entidad:` o citar una línea en el acuse)."""
    from ..yaml_seguro import tipo_de_documento

    datos = _contenido(ruta)
    if datos is None or b"\x00" in datos or tipo_de_documento(datos) is not None:
        return None
    return datos.decode("utf-8-sig", "replace")


def _huella(ruta: Path) -> str | None:
    """La huella del contenido; None (nunca «repetido») si no es un archivo común o excede el tamaño."""
    import hashlib

    datos = _contenido(ruta)
    return None if datos is None else hashlib.blake2b(datos, digest_size=20).hexdigest()


def sin_repetidos(archivos: list[Path]) -> tuple[list[Path], dict[int, int]]:
    """Los archivos distintos, y de cada repetido (mismo contenido, byte por byte) el índice del que cuenta:
    el mismo adjunto enviado dos veces es un solo envío, no dos archivos de una entidad. Cuenta el de nombre
    más corto («informe.yaml», no «informe (1).yaml»)."""
    grupos: dict[str, list[int]] = {}
    for i, ruta in enumerate(archivos):
        huella = _huella(ruta)
        grupos.setdefault(huella if huella is not None else f"#{i}", []).append(i)
    repetidos: dict[int, int] = {}
    for indices in grupos.values():
        primero = min(indices, key=lambda i: (len(archivos[i].name), archivos[i].name, i))
        repetidos.update({i: primero for i in indices if i != primero})
    return [r for i, r in enumerate(archivos) if i not in repetidos], repetidos


def _clave(texto: str) -> str:
    return " ".join(texto.casefold().split())


# Dos redacciones son «el mismo acuerdo corregido» si, comparadas sin acentos, mayúsculas ni puntuación,
# su razón de semejanza (difflib: 2·coincidencias / largo total) llega a este umbral. Con 0.8 una errata, la
# puntuación o una palabra cambiada en un acuerdo de ocho o más palabras conservan el id; dos acuerdos
# distintos que comparten la mitad del texto no. Documentado en README («Reenvíos»).
SEMEJANZA_MINIMA = 0.8


def _sin_puntuacion(texto: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in cat.normalizar(texto)).split())


def semejanza(a: str, b: str) -> float:
    return _razon(_sin_puntuacion(a), _sin_puntuacion(b))


# Comparar redacciones es cuadrático (cada nuevo contra cada guardado, y difflib en Python puro): un reenvío
# con 500 acuerdos reescritos costaba 50 s con el candado tomado. Se acota el trabajo: a lo más tantas
# cotas rápidas y tantas comparaciones completas por recepción; lo que quede sin emparejar recibe un id
# nuevo, y como el guardado «desaparece», el reenvío es destructivo y pide --reemplazar (nada se pierde).
COTAS_MAXIMAS = 20_000
COMPARACIONES_MAXIMAS = 2_000


def _razon(x: str, y: str) -> float:
    """La semejanza de dos textos ya sin acentos ni puntuación."""
    from difflib import SequenceMatcher

    comparador = SequenceMatcher(None, x, y, autojunk=False)
    # real_quick_ratio y quick_ratio son cotas superiores baratas: descartan sin el cálculo cuadrático
    if comparador.real_quick_ratio() < SEMEJANZA_MINIMA or comparador.quick_ratio() < SEMEJANZA_MINIMA:
        return 0.0
    return comparador.ratio()


def _pares_parecidos(nuevos: list[str], libres: list[str]) -> list[tuple[float, int, int]]:
    """(semejanza, i, j) de los pares que pasan SEMEJANZA_MINIMA, con el trabajo acotado (ver arriba).

    Cada guardado prepara su comparador una vez (`set_seq2`) y se le pasan los nuevos; la cota O(1) de
    largos descarta casi todo sin tocar los textos."""
    from difflib import SequenceMatcher

    pares, cotas, completas = [], 0, 0
    for j, y in enumerate(libres):
        comparador = SequenceMatcher(None, autojunk=False)
        comparador.set_seq2(y)
        for i, x in enumerate(nuevos):
            largo = len(x) + len(y)
            if not largo or 2 * min(len(x), len(y)) / largo < SEMEJANZA_MINIMA:
                continue
            cotas += 1
            if cotas > COTAS_MAXIMAS:
                return pares
            comparador.set_seq1(x)
            if comparador.quick_ratio() < SEMEJANZA_MINIMA:
                continue
            completas += 1
            if completas > COMPARACIONES_MAXIMAS:
                return pares
            valor = comparador.ratio()
            if valor >= SEMEJANZA_MINIMA:
                pares.append((valor, i, j))
    return pares


def asignar_ids(nuevo: InformeJLE, guardado: InformeJLE | None) -> None:
    """Conserva el id de los acuerdos ya guardados: por id explícito, por el mismo texto o, si no, por la
    redacción más parecida (≥ SEMEJANZA_MINIMA, cada guardado a lo más una vez, los pares más parecidos
    primero). Los nuevos reciben el siguiente consecutivo después del mayor usado, incluso si se borró."""
    anteriores = guardado.acuerdos if guardado else []
    previos = {_clave(a.descripcion): a.id for a in anteriores}
    usados = {a.id for a in nuevo.acuerdos if a.id_explicito}
    numeros = [int(m[3]) for i in usados | set(previos.values()) if (m := PATRON_ID.match(i))]
    sin_id = _ids_por_el_mismo_texto(nuevo.acuerdos, previos, usados)
    _ids_por_la_redaccion_mas_parecida(sin_id, [a for a in anteriores if a.id not in usados], usados)
    mayor = max(numeros, default=0)
    for a in sin_id:  # en el orden del archivo
        if a.id_explicito:
            continue
        mayor += 1
        a.id = formar_id(nuevo.entidad, nuevo.periodo, mayor)
        usados.add(a.id)
        a.id_explicito = True


def _ids_por_el_mismo_texto(acuerdos: list, previos: dict[str, str], usados: set[str]) -> list:
    """El acuerdo sin id cuyo texto ya estaba guardado conserva ese id; devuelve los que siguen sin id."""
    sin_id = []
    for a in acuerdos:
        if a.id_explicito:
            continue
        previo = previos.get(_clave(a.descripcion))
        if previo and previo not in usados:
            a.id = previo
            usados.add(a.id)
            a.id_explicito = True
        else:
            sin_id.append(a)
    return sin_id


def _ids_por_la_redaccion_mas_parecida(sin_id: list, libres: list, usados: set[str]) -> None:
    """Cada acuerdo sin id toma el de un guardado libre de redacción parecida: los pares más parecidos
    primero, cada guardado a lo más una vez."""
    # cada texto se normaliza una vez, no una por par
    nuevos_ = [_sin_puntuacion(a.descripcion) for a in sin_id]
    libres_ = [_sin_puntuacion(b.descripcion) for b in libres]
    pares = sorted(_pares_parecidos(nuevos_, libres_), key=lambda t: (-t[0], t[1], t[2]))
    tomados_nuevo, tomados_previo = set(), set()
    for valor, i, j in pares:
        if i in tomados_nuevo or j in tomados_previo:
            continue
        tomados_nuevo.add(i)
        tomados_previo.add(j)
        sin_id[i].id = libres[j].id
        usados.add(libres[j].id)
        sin_id[i].id_explicito = True


@dataclass
class _Versiones:
    """Los acuerdos y el seguimiento de lo guardado y del reenvío, por id (lo que se compara)."""
    antes: dict
    despues: dict
    seg_antes: dict
    seg_despues: dict

    @classmethod
    def de(cls, guardado: InformeJLE | None, nuevo: InformeJLE) -> "_Versiones":
        anteriores = guardado.acuerdos if guardado else []
        seguimiento = guardado.seguimiento if guardado else []
        return cls({a.id: a for a in anteriores}, {a.id: a for a in nuevo.acuerdos},
                   {s.acuerdo: s.estatus for s in seguimiento}, {s.acuerdo: s.estatus for s in nuevo.seguimiento})

    def comunes(self) -> set[str]:
        return set(self.antes) & set(self.despues)

    def estatus_cambiados(self) -> list[str]:
        """Los acuerdos cuyo estatus cambia: primero los del periodo, luego los de seguimiento."""
        propios = sorted(i for i in self.comunes() if self.antes[i].estatus != self.despues[i].estatus)
        seguidos = sorted(i for i in set(self.seg_antes) & set(self.seg_despues)
                          if self.seg_antes[i] != self.seg_despues[i])
        return propios + seguidos


def _cuantas(informe: InformeJLE | None, campo: str) -> int:
    return len(getattr(informe, campo) or []) if informe else 0


def cambios(guardado: InformeJLE | None, nuevo: InformeJLE) -> dict:
    v = _Versiones.de(guardado, nuevo)
    return {
        "acuerdos_agregados": sorted(set(v.despues) - set(v.antes)),
        "acuerdos_eliminados": sorted(set(v.antes) - set(v.despues)),
        "estatus_cambiados": v.estatus_cambiados(),
        # misma id, otra redacción: «modificado» (la errata corregida no es un acuerdo nuevo)
        "acuerdos_modificados": sorted(i for i in v.comunes() if v.antes[i].descripcion != v.despues[i].descripcion),
        "seguimiento_eliminado": sorted(set(v.seg_antes) - set(v.seg_despues)),
        "reuniones": [_cuantas(guardado, "reuniones"), _cuantas(nuevo, "reuniones")],
        "medidas": [_cuantas(guardado, "medidas"), _cuantas(nuevo, "medidas")],
        "datos_perdidos": perdidos(guardado, nuevo),
    }


def _limpio(texto: str) -> str:
    return " ".join(texto.split())


def detalle_de_cambios(guardado: InformeJLE | None, nuevo: InformeJLE, c: dict) -> dict:
    """Lo que el acuse le muestra a la JLE de cada cambio: la redacción de antes y la de ahora, el texto
    de cada acuerdo que se perdería y los estatus que cambian."""
    v = _Versiones.de(guardado, nuevo)
    return {
        "agregados": {i: [_limpio(v.despues[i].descripcion), v.despues[i].estatus] for i in c["acuerdos_agregados"]},
        "redaccion": {i: [_limpio(v.antes[i].descripcion), _limpio(v.despues[i].descripcion)]
                      for i in c["acuerdos_modificados"]},
        "eliminados": {i: [_limpio(v.antes[i].descripcion), v.antes[i].estatus] for i in c["acuerdos_eliminados"]},
        "estatus": _estatus_antes_y_ahora(v, c["estatus_cambiados"]),
        "seguimiento_eliminado": {i: v.seg_antes[i] for i in c["seguimiento_eliminado"]},
        "seguimiento": len(nuevo.seguimiento),
        "reuniones": None if nuevo.reuniones is None else len(nuevo.reuniones),
        "medidas": None if nuevo.medidas is None else len(nuevo.medidas),
    }


def _estatus_antes_y_ahora(v: _Versiones, cambiados: list[str]) -> dict[str, list]:
    estatus = {}
    for i in cambiados:
        if i in v.antes and i in v.despues and v.antes[i].estatus != v.despues[i].estatus:
            estatus[i] = [v.antes[i].estatus, v.despues[i].estatus]
        elif i in v.seg_antes and i in v.seg_despues:
            estatus[i] = [v.seg_antes[i], v.seg_despues[i]]
    return estatus


def _reunion(r) -> tuple:
    temas = None if r.temas is None else tuple((t.tipo, t.descripcion) for t in r.temas)
    return (r.fecha.isoformat(), r.modalidad, r.asistentes, temas)


def perdidos(guardado: InformeJLE | None, nuevo: InformeJLE) -> list[str]:
    """Cada dato guardado que el reenvío pierde o cambia (fuera del estatus de acuerdos, que se actualiza).

    Contar no basta: un reenvío con las mismas reuniones pero sin asistentes ni temas pierde datos.
    """
    if guardado is None:
        return []
    return (_mesa_perdida(guardado, nuevo) + _reuniones_perdidas(guardado, nuevo) + _medidas_perdidas(guardado, nuevo)
            + _acuerdos_perdidos(guardado, nuevo))


def _mesa_perdida(guardado: InformeJLE, nuevo: InformeJLE) -> list[str]:
    if guardado.mesa is None:
        return []
    antes = guardado.mesa.instalada
    despues = nuevo.mesa.instalada if nuevo.mesa is not None else "sin dato"
    if nuevo.mesa is None or antes != despues:
        return [f"mesa.instalada: {antes or 'no instalada'} → {despues or 'no instalada'}"]
    return []


def _reuniones_perdidas(guardado: InformeJLE, nuevo: InformeJLE) -> list[str]:
    from collections import Counter

    salida = []
    if guardado.reuniones is not None and nuevo.reuniones is None:
        salida.append("reuniones: el reenvío ya no las reporta")
    for fecha, modalidad, asistentes, temas in sorted((Counter(map(_reunion, guardado.reuniones or []))
                                                        - Counter(map(_reunion, nuevo.reuniones or []))).elements(),
                                                       key=str):
        detalle = [f"modalidad {modalidad}" if modalidad else "", f"{asistentes} asistentes" if asistentes is not None else "",
                   f"{len(temas)} temas" if temas else ""]
        salida.append(f"reunión del {fecha} ({', '.join(d for d in detalle if d) or 'sin detalle'}): se elimina o cambia")
    return salida


def _medidas_perdidas(guardado: InformeJLE, nuevo: InformeJLE) -> list[str]:
    from collections import Counter

    salida = []
    if guardado.medidas is not None and nuevo.medidas is None:
        salida.append("medidas: el reenvío ya no las reporta")
    for descripcion, estatus in sorted((Counter((m.descripcion, m.estatus) for m in guardado.medidas or [])
                                        - Counter((m.descripcion, m.estatus) for m in nuevo.medidas or [])).elements(),
                                       key=str):
        salida.append(f"medida «{corto(' '.join(descripcion.split()), 50)}» ({estatus or 'sin estatus'}): "
                      "se elimina o cambia")
    return salida


def _acuerdos_perdidos(guardado: InformeJLE, nuevo: InformeJLE) -> list[str]:
    """La fecha o el estatus que un reenvío borra de un acuerdo, o su redacción sustituida por otra."""
    salida = []
    despues = {a.id: a for a in nuevo.acuerdos}
    comparadas = 0
    for a in guardado.acuerdos:
        ahora = despues.get(a.id)
        if ahora is None:
            continue
        if a.fecha is not None and ahora.fecha != a.fecha:
            salida.append(f"acuerdo {a.id}: fecha {a.fecha} → {ahora.fecha or 'sin dato'}")
        # un `id:` explícito no da permiso de cambiar el acuerdo por otro ni de borrar su estatus: corregir
        # una errata es ≥ SEMEJANZA_MINIMA; lo demás se muestra y espera --reemplazar
        if a.estatus is not None and ahora.estatus is None:
            salida.append(f"acuerdo {a.id}: estatus «{a.estatus}» → sin estatus")
        if _clave(ahora.descripcion) != _clave(a.descripcion):
            comparadas += 1
            if comparadas > COMPARACIONES_MAXIMAS or semejanza(a.descripcion, ahora.descripcion) < SEMEJANZA_MINIMA:
                salida.append(f"acuerdo {a.id}: la redacción se sustituye por otra distinta "
                              f"(«{corto(' '.join(a.descripcion.split()), 50)}»)")
    return salida


def releer(contenido: str, nombre: str, contexto=None) -> list[Problema]:
    """Lee lo que se va a guardar como lo leerá cualquier orden después; errores = no se guarda."""
    from ..lector import Lector
    from ..yaml_seguro import componer
    from .lectura import leer_jle

    nodo, problemas = componer(contenido, nombre)
    if nodo is not None:
        lector = Lector(nombre, contexto)
        leer_jle(nodo, lector)
        problemas = [p for p in lector.problemas if p.severidad == "error"]
    # lo que sale de los datos (un texto demasiado largo, una fecha imposible) no es un error de la herramienta
    de_los_datos = {"texto-largo", "descripcion-vacia", "fecha-invalida", "numero-invalido", "estatus-desconocido"}
    return [problema(nombre, p.linea, p.columna, p.codigo,
                     f"El archivo que se guardaría no pasa la validación ({p.mensaje}); no se guardó.",
                     "Corrija ese dato en el archivo o el anexo de origen (un texto de más de 20,000 caracteres se "
                     "resume o se divide) y repita la orden." if p.codigo in de_los_datos else
                     "Es un error de la herramienta: envíe el archivo a quien la mantiene.") for p in problemas]


def destructivo(c: dict) -> bool:
    return bool(c["acuerdos_eliminados"] or c["seguimiento_eliminado"] or c["reuniones"][1] < c["reuniones"][0]
                or c["medidas"][1] < c["medidas"][0] or c.get("datos_perdidos"))


def recibir(archivos: list[Path], datos: Path, periodo: str, reemplazar: bool = False) -> list[Recepcion]:
    """Una recepción por archivo, en el orden dado. Un archivo idéntico a otro de la misma llamada (el
    adjunto que llegó dos veces) no es otro envío: sale como «repetido» y no lleva acuse propio; uno idéntico
    a lo último que ya se recibió de su JLE sale como «ya registrado», sin acuse ni rechazo. Lo que no es un
    envío (la imagen de una firma, un archivo oculto) sale al final como «no es envío». Un archivo que trae
    los informes de varias entidades da un rechazo, con su acuse, por cada una."""
    from . import bandeja as bj
    from ..archivos import candado

    apartados, archivos = _apartar(archivos)
    ya, archivos = _ya_recibidos(archivos, bj.leer(datos, periodo), reemplazar, _huella_proceso(datos))
    unicos, repetidos = sin_repetidos(archivos)
    # Validar cada envío (lo caro: leer, componer, reglas) no necesita el candado: se hace antes, y el
    # candado solo cubre leer lo guardado, asignar ids y escribir. Así un envío grande u hostil no deja
    # esperando a las demás recepciones.
    try:
        validados = _validar_envios(unicos, datos, periodo)
    except Exception:  # noqa: BLE001 - un error de la herramienta no hace perder el envío: se archiva igual
        validados = None
    # Dos recepciones a la vez (dos analistas, dos terminales) esperan su turno: sin el candado, ambas
    # leerían la misma versión guardada y una borraría a la otra sin respaldo.
    with candado(datos):
        if validados is None:
            recibidas = [_fallida(ruta) for ruta in unicos]
        else:
            recibidas = _guardar_envios(unicos, validados, datos, periodo, reemplazar)
        por_indice = dict(zip((i for i in range(len(archivos)) if i not in repetidos), recibidas))
        for i, j in repetidos.items():
            por_indice[j].copias.append(archivos[i].name)
        otras = _archivar_todo(datos, periodo, unicos, recibidas)
    salida = []
    for i, ruta in enumerate(archivos):
        if i in repetidos:
            primera = por_indice[repetidos[i]]
            salida.append(Recepcion(nombre_visible(ruta), primera.entidad, "repetido", igual_a=primera.archivo,
                                    atribucion=primera.atribucion))
        else:
            salida += [por_indice[i], *otras.get(id(por_indice[i]), [])]
    return salida + ya + apartados


def _archivar_todo(datos: Path, periodo: str, unicos: list[Path], recibidas: list[Recepcion]) -> dict[int, list]:
    """Acuse (y copia, si no se guardó) de cada envío y de cada otra entidad que nombra; la bandeja anota
    lo último de cada JLE y en `acuses/` queda solo su acuse vigente. Devuelve, por envío, las recepciones
    de las otras entidades que nombraba."""
    from . import bandeja as bj
    from .acuses import archivar

    anotadas, otras = [], {}
    for ruta, r in zip(unicos, recibidas):  # ningún envío se pierde, aceptado o no
        texto = texto_de(ruta)
        archivar(datos, periodo, ruta, r, texto)
        extras = _otras_entidades(r)
        for extra in extras:
            archivar(datos, periodo, ruta, extra, texto)
        otras[id(r)] = extras
        huella = _huella(ruta)
        anotadas += [(x, huella) for x in (r, *extras)]
    _anotar(datos, periodo, anotadas)
    return otras


# Lo que cuenta como lo último de una JLE cuando una recepción trae varios archivos suyos (el bueno y el del
# mes pasado): lo guardado antes que lo pendiente, y esto antes que lo rechazado
_PRIORIDAD = {"guardado": 0, "sin cambios": 0, "rechazado": 1, "con errores": 2}


def _anotar(datos: Path, periodo: str, anotadas: list[tuple[Recepcion, str | None]]) -> None:
    """La bandeja: lo último de cada JLE (por recepción) y la huella de cada archivo recibido; en `acuses/`
    queda solo lo de esta recepción."""
    from datetime import datetime

    from . import bandeja as bj

    bandeja = bj.leer(datos, periodo)
    recepcion = f"{datetime.now():%Y%m%d-%H%M%S.%f}"
    proceso = _huella_proceso(datos)
    vigentes = {Path(x.acuse).name for x, _ in anotadas if x.acuse}
    nuevas: dict[str, dict] = {}
    for x, huella in anotadas:
        e = cat.buscar_entidad(x.entidad) if x.entidad else None
        if e is None or not x.acuse:
            continue
        entrada = {"estado": x.estado, "huella": huella, "archivo": x.archivo, "acuse": Path(x.acuse).name,
                   "motivo": motivo_de(x), "cuando": Path(x.acuse).name[:15], "recepcion": recepcion,
                   "proceso": proceso}
        previo = bandeja["huellas"].get(huella) if huella else None
        if huella and (not isinstance(previo, dict) or previo.get("recepcion") != recepcion):
            # lo de esta recepción manda; de un archivo con varias entidades, la primera que nombra
            bandeja["huellas"][huella] = {**entrada, "entidad": e.abreviatura}
        previa = nuevas.get(e.abreviatura)
        if previa is None or _PRIORIDAD.get(x.estado, 2) < _PRIORIDAD.get(previa["estado"], 2):
            nuevas[e.abreviatura] = {**entrada, "copia": x.rechazado_en if x.estado == "rechazado" else None}
    for abreviatura, entrada in nuevas.items():
        entrada["copia"] = bj.pendiente(datos, periodo, abreviatura, entrada["copia"])
        bandeja["entidades"][abreviatura] = entrada
        bj.apartar_anteriores(datos, periodo, abreviatura, vigentes)
    bj.escribir(datos, periodo, bandeja)


def motivo_de(r: Recepcion) -> str | None:
    """El renglón que `estado` muestra de un envío que pide algo: la causa de su rechazo, o lo que un
    reenvío pendiente quitaría."""
    if r.estado == "con errores":
        errores = [p for p in r.problemas if p.severidad == "error"]
        from .acuses import humano

        return f"{errores[0].codigo}: {humano(' '.join(errores[0].mensaje.split()))}" if errores else None
    if r.estado == "rechazado":
        c = r.cambios or {}
        quitaria = [*c.get("acuerdos_eliminados", []), *(f"seguimiento de {i}" for i in c.get("seguimiento_eliminado", []))]
        perdidos = len(c.get("datos_perdidos", []))
        partes = quitaria[:3] + ([f"{len(quitaria) - 3} más"] if len(quitaria) > 3 else [])
        if perdidos:
            partes.append(f"{perdidos} {'dato' if perdidos == 1 else 'datos'} más")
        return "quitaría " + (", ".join(partes) if partes else "reuniones o medidas")
    return None


def _apartar(archivos: list[Path]) -> tuple[list[Recepcion], list[Path]]:
    """(lo que no es un envío, los envíos): la imagen de la firma y los archivos ocultos se listan aparte."""
    from . import bandeja as bj

    apartados, envios = [], []
    for ruta in archivos:
        por_que = bj.que_no_es_envio(ruta, _contenido(ruta))
        if por_que is None:
            envios.append(ruta)
        else:
            apartados.append(Recepcion(nombre_visible(ruta), None, "no es envío", motivo=por_que))
    return apartados, envios


def _huella_proceso(datos: Path) -> str:
    """La huella de proceso.yaml: con otras severidades o catálogos, un envío rechazado puede ya no serlo."""
    return _huella(datos / "proceso.yaml") or ""


def _ya_recibidos(archivos: list[Path], bandeja: dict, reemplazar: bool,
                  proceso: str) -> tuple[list[Recepcion], list[Path]]:
    """(los que son, byte por byte, un archivo de la última recepción de su JLE; los demás). Recibir el mismo
    correo otra vez no rechaza lo guardado ni escribe otro acuse. Con --reemplazar, un reenvío pendiente sí
    se procesa, y un envío con errores se revisa otra vez si proceso.yaml cambió desde entonces."""
    ya, resto = [], []
    for ruta in archivos:
        previo = bandeja["huellas"].get(_huella(ruta) or "")
        if isinstance(previo, dict) and previo.get("estado") == "con errores" and previo.get("proceso") != proceso:
            previo = None
        ultimo = bandeja["entidades"].get(previo.get("entidad")) if isinstance(previo, dict) else None
        # también lo guardado antes de un reenvío pendiente: recibirlo otra vez no borra el pendiente
        if (not isinstance(ultimo, dict) or previo.get("entidad") not in cat.POR_ABREVIATURA
                or (ultimo.get("recepcion") != previo.get("recepcion")
                    and not (ultimo.get("estado") == "rechazado" and previo.get("estado") in ("guardado", "sin cambios")))
                or (reemplazar and previo.get("estado") == "rechazado")):
            resto.append(ruta)
            continue
        ya.append(Recepcion(nombre_visible(ruta), cat.POR_ABREVIATURA[previo["entidad"]].corto, "ya registrado",
                            motivo=_ya_dicho(previo)))
    return ya, resto


def _ya_dicho(ultimo: dict) -> str:
    """Qué se hizo la vez anterior con los mismos bytes (la fecha, día y mes)."""
    from .acuses import fecha_de_sello

    cuando = fecha_de_sello(str(ultimo.get("cuando", "")))
    el_dia = f" el {cuando}" if cuando else ""
    return {"guardado": f"igual al archivo guardado{el_dia}; sin acuse nuevo",
            "sin cambios": f"igual al archivo guardado{el_dia}; sin acuse nuevo",
            "rechazado": f"igual al reenvío pendiente de confirmación{el_dia}; su acuse ya se escribió",
            }.get(ultimo.get("estado"), f"igual al envío rechazado{el_dia}; su acuse ya se escribió")


def _otras_entidades(r: Recepcion) -> list[Recepcion]:
    """Un archivo con los informes de varias entidades: una recepción rechazada por cada otra entidad que
    nombra, para que cada JLE tenga su acuse y cuente como rechazada, no como faltante."""
    salida = []
    for abreviatura, linea in (r.detalle or {}).get("otras_entidades", []):
        nombre = cat.POR_ABREVIATURA[abreviatura].corto
        salida.append(Recepcion(r.archivo, nombre, "con errores", problemas=[problema(
            r.archivo, linea, None, "entidades-varias",
            f"El informe de {nombre} llegó dentro de un archivo con el de otra entidad "
            f"({r.entidad}); no se registró ninguno de los dos.")]))
    return salida


def _fallida(ruta: Path) -> Recepcion:
    from ..almacen import nombre_visible

    nombre = nombre_visible(ruta)
    r = Recepcion(nombre, problemas=[problema(
        nombre, None, None, "archivo-ilegible", "No se pudo procesar el archivo; el envío quedó guardado tal como llegó.",
        "Revise que sea el archivo YAML de la plantilla, sin cambios de formato.")])
    abreviatura, r.atribucion = atribuir(ruta, texto_de(ruta))  # también aquí: rechazado, no faltante
    r.entidad = cat.POR_ABREVIATURA[abreviatura].corto if abreviatura else None
    return r


def _validar_envios(archivos: list[Path], datos: Path, periodo: str):
    from ..validar import validar

    resultado = _aparte_los_de_otro_periodo(validar(archivos, datos), archivos, datos, periodo)
    por_archivo: dict[str, list[Problema]] = {}
    for p in resultado.problemas:
        por_archivo.setdefault(p.archivo, []).append(p)
    _de_la_misma_entidad(resultado.cargas, por_archivo, periodo)
    return resultado, por_archivo


def _aparte_los_de_otro_periodo(resultado, archivos: list[Path], datos: Path, periodo: str):
    """El archivo de otro periodo (el del mes pasado, que llegó con el de este) se rechaza por su periodo y
    no se revisa junto a los demás: a su lado, el correcto saldría con errores que no son suyos
    (entidad-duplicada, seguimiento-desconocido)."""
    from ..validar import Resultado, validar

    otro = {c.archivo for c in resultado.cargas if isinstance(c.registro, InformeJLE) and c.registro.periodo != periodo}
    if not otro or len(otro) == len(archivos):
        return resultado
    aparte = validar([r for r, c in zip(archivos, resultado.cargas) if c.archivo in otro], datos)
    resto = validar([r for r, c in zip(archivos, resultado.cargas) if c.archivo not in otro], datos)
    cargas = {c.archivo: c for c in (*aparte.cargas, *resto.cargas)}
    return Resultado(resultado.archivos, [*aparte.problemas, *resto.problemas],
                     [cargas[c.archivo] for c in resultado.cargas])


def _de_la_misma_entidad(cargas, por_archivo: dict[str, list[Problema]], periodo: str) -> None:
    """Dos archivos distintos de una entidad en la misma llamada: no se adivina cuál vale; no se guarda
    ninguno, y cada uno dice cuál es el otro (el aviso de `validar`, escrito para la carpeta de datos, se
    sustituye por uno para la JLE)."""
    por_entidad: dict[str, list] = {}
    for c in cargas:
        if isinstance(c.registro, InformeJLE) and c.registro.periodo == periodo:
            por_entidad.setdefault(c.registro.entidad, []).append(c)
    for abreviatura, grupo in por_entidad.items():
        if len(grupo) < 2:
            continue
        nombre = cat.POR_ABREVIATURA[abreviatura].corto
        for c in grupo:
            otros = [Path(o.archivo).name for o in grupo if o is not c]
            por_archivo[c.archivo] = [p for p in por_archivo.get(c.archivo, []) if p.codigo != "entidad-duplicada"]
            por_archivo[c.archivo].append(problema(
                c.archivo, c.registro.lineas.get("entidad"), None, "entidad-duplicada",
                f"Con este archivo llegó otro, distinto, también de {nombre} ({', '.join(otros)}): no se sabe "
                "cuál vale, y no se registró ninguno.",
                f"Envíe de nuevo un solo archivo de {nombre}, el que vale."))


def _guardar_envios(archivos: list[Path], validados, datos: Path, periodo: str, reemplazar: bool) -> list[Recepcion]:
    from ..almacen import nombre_visible
    from .almacen import ruta_jle

    resultado, por_archivo = validados
    contexto = LECTURA.contexto(datos)
    recepciones = []
    for ruta, carga in zip(archivos, resultado.cargas):
        r = Recepcion(carga.archivo, problemas=por_archivo.get(carga.archivo, []))
        informe = carga.registro
        recepciones.append(r)
        if carga.tipo != "jle":
            r.problemas.append(problema(carga.archivo, None, None, "tipo-invalido",
                                        "Solo se reciben archivos de una JLE (no periodo.yaml, federal.yaml ni proceso.yaml)."))
            continue
        if isinstance(informe, InformeJLE):
            r.entidad = cat.POR_ABREVIATURA[informe.entidad].corto
            if informe.periodo != periodo:
                r.problemas.append(problema(carga.archivo, informe.lineas.get("periodo"), None, "periodo-distinto",
                                            f"El archivo es del periodo {informe.periodo} y se está recibiendo el {periodo}.",
                                            "Pida a la JLE el archivo del periodo correcto, o reciba con --periodo "
                                            f"{informe.periodo}."))
        if r.entidad is None:  # no se pudo leer: se busca de quién es para no darla por faltante
            abreviatura, r.atribucion = atribuir(ruta, texto_de(ruta))
            r.entidad = cat.POR_ABREVIATURA[abreviatura].corto if abreviatura else None
        _causas(r, ruta, informe, carga.archivo)
        if informe is None or any(p.severidad == "error" for p in r.problemas):
            r.estado = "con errores"
            continue
        destino = ruta_jle(datos, periodo, informe.entidad)
        r.destino = nombre_visible(destino)
        guardado = LECTURA.cargar(destino, contexto=contexto).registro if destino.is_file() else None
        guardado = guardado if isinstance(guardado, InformeJLE) else None
        asignar_ids(informe, guardado)
        contenido = yaml_jle(informe, f"Recibido con `informe recibir` de {ruta.name}.")
        r.cambios = cambios(guardado, informe)
        r.detalle = detalle_de_cambios(guardado, informe, r.cambios)
        # un reenvío que solo agrega o corrige se guarda; uno que elimina datos espera a --reemplazar
        hecho = guardar_con_respaldo(destino, contenido, guardado is None or reemplazar or not destructivo(r.cambios),
                                     lambda texto: releer(texto, carga.archivo, contexto))
        r.estado, r.problemas = hecho.estado, r.problemas + hecho.problemas
        r.respaldo = nombre_visible(hecho.respaldo) if hecho.respaldo else None
    return recepciones


# La causa que explica otros problemas del mismo archivo, y los códigos que explica (None: todos los
# demás). Va primero y lo que explica se muestra bajo ella: corregir la causa los resuelve.
_CAUSAS = (("entidades-varias", None), ("entidad-duplicada", None), ("formulario-sin-llenar", None),
           ("periodo-distinto", {"fecha-posterior", "fecha-anterior", "fecha-desordenada", "seguimiento-desconocido",
                                 "seguimiento-otra-entidad", "id-invalido"}))


def _causas(r: Recepcion, ruta: Path, informe, archivo: str) -> None:
    """Las causas que `validar` no ve en un solo archivo (varias entidades en él, el formulario sin llenar),
    y la causa primero."""
    from . import bandeja as bj

    texto = texto_de(ruta)
    nombradas = bj.entidades_en(texto)
    if len(nombradas) > 1:
        _varias_entidades(r, nombradas, archivo)
    elif _sin_llenar(informe, texto):
        r.problemas.insert(0, problema(
            archivo, informe.lineas.get("entidad"), None, "formulario-sin-llenar",
            "El archivo es la plantilla tal como se envió: no reporta reuniones, acuerdos ni medidas. "
            "No se registró como entregado.",
            "Llene la plantilla y envíela de nuevo. Si en el periodo no hubo reuniones, escriba «reuniones: []» "
            "en lugar de las líneas de ejemplo; así sabremos que no hubo, y no que falta el dato."))
    _la_causa_primero(r)


def _sin_llenar(informe, texto: str | None) -> bool:
    """La plantilla tal como se envió: sin reuniones (comentadas), sin acuerdos ni medidas."""
    from .formulario import MARCA_SIN_LLENAR

    return (isinstance(informe, InformeJLE) and texto is not None and MARCA_SIN_LLENAR in texto
            and informe.reuniones is None and not informe.acuerdos and informe.medidas is None)


def _varias_entidades(r: Recepcion, nombradas: list[tuple[str, int]], archivo: str) -> None:
    """El archivo es de la primera entidad que nombra; las demás reciben su propio rechazo (`_otras_entidades`)."""
    r.entidad = cat.POR_ABREVIATURA[nombradas[0][0]].corto
    lista = ", ".join(f"{cat.POR_ABREVIATURA[a].corto} (línea {n})" for a, n in nombradas)
    otras = [cat.POR_ABREVIATURA[a].corto for a, _ in nombradas[1:]]
    r.problemas.insert(0, problema(
        archivo, nombradas[1][1], None, "entidades-varias",
        f"El archivo trae los informes de {len(nombradas)} entidades: {lista}. No se registró ninguno: "
        "cada JLE envía el suyo, en su propio archivo.",
        f"Envíe en un archivo solo el informe de {r.entidad}, partiendo de su plantilla; el de "
        f"{' y '.join(otras)} lo envía cada JLE con la suya."))
    r.detalle["otras_entidades"] = nombradas[1:]


def _la_causa_primero(r: Recepcion) -> None:
    for codigo, explica in _CAUSAS:
        causa = next((p for p in r.problemas if p.codigo == codigo), None)
        if causa is not None:
            resto = [p for p in r.problemas if p is not causa]
            r.consecuencias = [p for p in resto if explica is None or p.codigo in explica]
            r.problemas = [causa] + [p for p in resto if not (explica is None or p.codigo in explica)]
            return


# --------------------------------------------------------------------------- estado

@dataclass
class EstadoJLE:
    entidad: str
    estado: str  # recibido | con advertencias | con errores | rechazado | falta
    recibido: str | None  # fecha de la última modificación del archivo guardado
    acuerdos: int | None
    seguimiento: int | None
    reuniones: int | None
    errores: int
    advertencias: int
    abreviatura: str = ""
    rechazos: int = 0  # envíos rechazados guardados en rechazados/
    # lo último que envió la JLE, según la bandeja (`bandeja.py`): su resultado, su motivo en un renglón,
    # el código de su causa y la copia guardada en rechazados/ (para confirmar un reenvío pendiente)
    ultimo: str | None = None
    motivo: str | None = None
    copia: str | None = None


def estado(datos: Path, periodo: str) -> list[EstadoJLE]:
    """Una fila por entidad (las que no entregaron, «falta»; las que solo tienen envíos rechazados,
    «rechazado») y, si el periodo la espera, la de la parte federal."""
    from .almacen import archivos_de_periodo

    archivos = [p for p in archivos_de_periodo(datos, periodo) if p.parent.name == "jle"]
    por_entidad = _recibidas(archivos, datos)
    filas = [por_entidad.get(e.abreviatura) or EstadoJLE(e.corto, "falta", None, None, None, None, 0, 0, e.abreviatura)
             for e in cat.ENTIDADES]
    _contar_rechazos(filas, datos, periodo)
    _lo_ultimo(filas, datos, periodo)
    federal = estado_federal(datos, periodo)
    return filas + ([federal] if federal is not None else [])


def _lo_ultimo(filas: list[EstadoJLE], datos: Path, periodo: str) -> None:
    """Lo último que envió cada JLE, de la bandeja: un reenvío pendiente de confirmación o un rechazo
    posterior a lo guardado piden algo aunque haya un archivo guardado."""
    from . import bandeja as bj

    entidades = bj.leer(datos, periodo)["entidades"]
    for f in filas:
        ultimo = entidades.get(f.abreviatura)
        if not isinstance(ultimo, dict) or ultimo.get("estado") not in ("con errores", "rechazado"):
            continue
        f.ultimo = ultimo["estado"]
        f.motivo = ultimo.get("motivo") if isinstance(ultimo.get("motivo"), str) else None
        f.copia = ultimo.get("copia") if isinstance(ultimo.get("copia"), str) else None
        f.recibido = _de_sello(ultimo.get("cuando")) or f.recibido


def _fecha_de(ruta: Path) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(ruta.stat().st_mtime).strftime("%Y-%m-%d %H:%M")


def _de_sello(sello) -> str | None:
    from datetime import datetime

    try:
        return f"{datetime.strptime(str(sello)[:15], '%Y%m%d-%H%M%S'):%Y-%m-%d %H:%M}"
    except ValueError:
        return None


def _estado_por_problemas(errores: int, advertencias: int) -> str:
    return "con errores" if errores else "con advertencias" if advertencias else "recibido"


def _recibidas(archivos: list[Path], datos: Path) -> dict[str, EstadoJLE]:
    """Lo guardado en jle/, validado: por abreviatura, su fila con cifras, errores y advertencias."""
    from ..validar import validar

    if not archivos:
        return {}
    resultado = validar(archivos, datos)
    por_entidad = {}
    for ruta, carga in zip(archivos, resultado.cargas):
        informe = carga.registro
        problemas = [p for p in resultado.problemas if p.archivo == carga.archivo]
        errores = sum(p.severidad == "error" for p in problemas)
        advertencias = len(problemas) - errores
        if not isinstance(informe, InformeJLE) or informe.entidad is None:
            _ilegible(por_entidad, ruta, problemas)
            continue
        abreviatura = informe.entidad
        por_entidad[abreviatura] = EstadoJLE(
            cat.POR_ABREVIATURA[abreviatura].corto, _estado_por_problemas(errores, advertencias),
            _fecha_de(ruta), len(informe.acuerdos), len(informe.seguimiento),
            None if informe.reuniones is None else len(informe.reuniones), errores, advertencias, abreviatura)
    return por_entidad


def _ilegible(por_entidad: dict[str, EstadoJLE], ruta: Path, problemas: list[Problema]) -> None:
    """Un archivo guardado que no se puede leer no es una entrega que falta: es de su entidad (por su
    nombre, `jle/<entidad>.yaml`, o su línea `entidad:`) y `estado` lo nombra con su causa."""
    from ..almacen import nombre_visible

    abreviatura, _ = atribuir(ruta, texto_de(ruta))
    if abreviatura is None or abreviatura in por_entidad:
        return
    errores = [p for p in problemas if p.severidad == "error"]
    causa = f"{errores[0].codigo}: " if errores else ""
    fila = EstadoJLE(cat.POR_ABREVIATURA[abreviatura].corto, "con errores", _fecha_de(ruta), None, None, None,
                     max(len(errores), 1), 0, abreviatura)
    fila.motivo = f"{causa}no se puede leer el archivo guardado {nombre_visible(ruta)}"
    por_entidad[abreviatura] = fila


def _contar_rechazos(filas: list[EstadoJLE], datos: Path, periodo: str) -> None:
    """Cada envío rechazado guardado cuenta en la fila de su entidad; si nada se recibió, la fila es
    «rechazado»: se envió, pero no se pudo recibir (no es lo mismo que no enviar)."""
    from .acuses import rechazos

    por_abreviatura = {f.abreviatura: f for f in filas}
    for rechazo in rechazos(datos, periodo):
        fila = por_abreviatura.get(rechazo.abreviatura or "")
        if fila is None:
            continue
        fila.rechazos += 1
        if fila.estado == "falta":
            fila.estado = "rechazado"
            fila.recibido = f"{rechazo.cuando:%Y-%m-%d %H:%M}"


NOMBRE_FEDERAL = "DEOE (federal)"


def estado_federal(datos: Path, periodo: str) -> EstadoJLE | None:
    """La parte federal de la DEOE como una entrega más, junto a las 32 JLE, en un periodo que las espera:
    «falta» sin federal.yaml o mientras siga el `pendiente: true` del esqueleto de `periodo nuevo`."""
    from .almacen import periodo_de
    from .modelo import Federal
    from ..validar import validar

    if getattr(periodo_de(datos, periodo), "origen", "jle") != "jle":
        return None
    ruta = datos / periodo / "federal.yaml"
    falta = EstadoJLE(NOMBRE_FEDERAL, "falta", None, None, None, None, 0, 0, "")
    if not ruta.is_file():
        return falta
    resultado = validar([ruta], datos)
    registro = resultado.cargas[0].registro if resultado.cargas else None
    errores = sum(p.severidad == "error" for p in resultado.problemas)
    advertencias = len(resultado.problemas) - errores
    if isinstance(registro, Federal) and registro.pendiente and not errores:
        return falta
    reuniones = None if not isinstance(registro, Federal) or registro.reuniones is None else len(registro.reuniones)
    return EstadoJLE(NOMBRE_FEDERAL, _estado_por_problemas(errores, advertencias), _fecha_de(ruta), None, None,
                     reuniones, errores, advertencias, "")
