// Shop lab app: the product catalogue (fixed, so every run shows the same screens).
package com.harnesslab.shop;

import java.util.ArrayList;
import java.util.List;

final class Products {
    record Product(int id, String name, String category, int price) {}

    static final List<String> CATEGORIES = List.of("手机数码", "家用电器", "服饰鞋包", "美妆个护", "食品生鲜");

    private static final String[][] NAMES = {
        {"智能手机 X1", "无线耳机 Pro", "平板电脑 11 英寸", "智能手表 S", "移动电源 20000mAh", "机械键盘"},
        {"空气炸锅", "扫地机器人", "电热水壶", "破壁料理机", "吸尘器 V8", "加湿器"},
        {"纯棉T恤", "运动鞋", "双肩背包", "羽绒服", "牛仔裤", "帆布鞋"},
        {"保湿面霜", "洗面奶", "防晒霜 SPF50", "口红", "护手霜", "洗发水"},
        {"有机大米 5kg", "坚果礼盒", "牛奶 12 盒", "咖啡豆 500g", "绿茶 250g", "车厘子 2 斤"},
    };

    static final List<Product> ALL = build();

    private Products() {}

    private static List<Product> build() {
        List<Product> all = new ArrayList<>();
        for (int c = 0; c < NAMES.length; c++) {
            for (int i = 0; i < NAMES[c].length; i++) {
                int id = all.size() + 1;
                all.add(new Product(id, NAMES[c][i], CATEGORIES.get(c), 19 + (id * 37) % 480));
            }
        }
        return List.copyOf(all);
    }

    static List<Product> matching(String query) {
        List<Product> found = new ArrayList<>();
        for (Product p : ALL) {
            if (p.name().contains(query) || p.category().equals(query)) {
                found.add(p);
            }
        }
        return found;
    }
}
